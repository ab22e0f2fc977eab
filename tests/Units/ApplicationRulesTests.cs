using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Authorizations;
using Domains.Grains.Authorizations;

namespace Domains.Tests.Units;

public sealed class ApplicationRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    private static Application Valid() => new(
        "91350100M000100Y43", "n-1", null, new Scenario("t", "v", "g", "s"),
        [new DatasetRequest("ds-1", "needed")], 24,
        new Materials(new Material("af", Now.AddDays(-1)), new Material("ar", Now.AddMonths(-11)), new Material("fr", Now.AddMonths(-6)),
            new Material("sc", Now.AddYears(-3)), new Material("ra", Now.AddDays(-2))));

    [Fact]
    public void ValidApplication_Passes() => Assert.Null(ApplicationRules.Check(Valid(), Now));

    [Theory]
    [InlineData("applicationForm")]
    [InlineData("auditReport")]
    [InlineData("financialReport")]
    [InlineData("securityCommitment")]
    [InlineData("riskSelfAssessment")]
    public void MissingMaterial_IsMaterialMissing_NamingIt(string name)
    {
        var m = Valid().Materials;
        var materials = name switch
        {
            "applicationForm" => m with { ApplicationForm = null },
            "auditReport" => m with { AuditReport = null },
            "financialReport" => m with { FinancialReport = null },
            "securityCommitment" => m with { SecurityCommitment = null },
            _ => m with { RiskSelfAssessment = null },
        };

        var error = ApplicationRules.Check(Valid() with { Materials = materials }, Now);

        Assert.Equal(ErrorCodes.MaterialMissing, error?.Code);
        Assert.Contains(name, error!.Detail);
    }

    [Theory]
    [InlineData("auditReport")]
    [InlineData("financialReport")]
    public void ReportOlderThanTwelveMonths_IsMaterialOutdated(string name)
    {
        var old = new Material("old", Now.AddMonths(-12).AddDays(-1));
        var m = Valid().Materials;
        var materials = name == "auditReport" ? m with { AuditReport = old } : m with { FinancialReport = old };

        var error = ApplicationRules.Check(Valid() with { Materials = materials }, Now);

        Assert.Equal(ErrorCodes.MaterialOutdated, error?.Code);
        Assert.Contains(name, error!.Detail);
    }

    [Fact]
    public void ReportIssuedExactlyTwelveMonthsAgo_IsStillCurrent()
    {
        var application = Valid() with { Materials = Valid().Materials with { AuditReport = new Material("a", Now.AddMonths(-12)) } };

        Assert.Null(ApplicationRules.Check(application, Now));
    }

    [Fact]
    public void TermOverThirtySixMonths_IsTermTooLong() =>
        Assert.Equal(ErrorCodes.TermTooLong, ApplicationRules.Check(Valid() with { RequestedTermMonths = 37 }, Now)?.Code);

    [Fact]
    public void NoDatasets_IsDatasetsRequired() =>
        Assert.Equal(ErrorCodes.DatasetsRequired, ApplicationRules.Check(Valid() with { Datasets = [] }, Now)?.Code);

    [Fact]
    public void DatasetWithoutJustification_IsValidationFailed() =>
        Assert.Equal(ErrorCodes.ValidationFailed, ApplicationRules.Check(Valid() with { Datasets = [new DatasetRequest("d", " ")] }, Now)?.Code);

    [Fact]
    public void ActivationTerm_OfThirtySixCalendarMonths_IsAllowed_AndOneDayMoreIsNot()
    {
        var start = new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.Zero);

        Assert.Null(ApplicationRules.CheckTerm(new Term(start, start.AddMonths(36)), Now));
        Assert.Equal(ErrorCodes.TermTooLong, ApplicationRules.CheckTerm(new Term(start, start.AddMonths(36).AddDays(1)), Now)?.Code);
        Assert.Equal(ErrorCodes.ValidationFailed, ApplicationRules.CheckTerm(new Term(start, start), Now)?.Code);
    }

    [Fact]
    public void ThreeYearTerm_HasTwelveQuarterlyReports_AndThreeRenewalNotices()
    {
        var term = new Term(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = new AuthorizationOptions();

        var reports = AuthorizationDeadlines.Reports(term, options.ReportEveryMonths);
        var deadlines = AuthorizationDeadlines.ForTerm(term, reports, options, Now).ToList();

        Assert.Equal(12, reports.Count);
        Assert.Equal(new DateTimeOffset(2027, 4, 1, 0, 0, 0, TimeSpan.Zero), reports[0].DueAt);
        Assert.Equal(term.End, reports[^1].DueAt);
        Assert.Equal([term.End.AddDays(-90), term.End.AddDays(-30), term.End.AddDays(-7)],
            deadlines.Where(d => d.Kind == "renewal-notice").Select(d => d.DueAt));
        Assert.Single(deadlines, d => d.Kind == "expiry" && d.DueAt == term.End);
        Assert.Equal(24, deadlines.Count(d => d.Kind == "report-due"));
    }
}
