using Domains.GrainInterfaces.Units;
using Domains.Tests.Fixtures;

namespace Domains.Tests.Units;

/// <summary>R1 as a pure function of the unit's facts and an instant.</summary>
public sealed class QualificationTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 8, 0, 0, TimeSpan.Zero);

    private static Qualification Evaluate(SecurityProfile? profile, UnitDetails? details = null, params Incident[] reported) =>
        Qualification.Evaluate(details ?? Samples.Details, profile, reported, Now);

    [Fact]
    public void EveryConditionMet_IsQualified_WithNothingUnmet()
    {
        var result = Evaluate(Samples.QualifyingProfile);

        Assert.True(result.Qualified);
        Assert.Empty(result.Unmet);
    }

    public static TheoryData<string, SecurityProfile> OneConditionUnmet() => new()
    {
        { QualificationCodes.BusinessStanding, Samples.QualifyingProfile with { BusinessStanding = BusinessStanding.Poor } },
        { QualificationCodes.Credit, Samples.QualifyingProfile with { Credit = CreditStanding.Dishonest } },
        { QualificationCodes.SecurityManagementSystem, Samples.QualifyingProfile with { SecurityManagementSystem = false } },
        { QualificationCodes.MlpsLevel3, Samples.QualifyingProfile with { MlpsLevel3 = false } },
        { QualificationCodes.CryptoAssessment, Samples.QualifyingProfile with { CryptoAssessment = false } },
        { QualificationCodes.DataManagementMaturity, Samples.QualifyingProfile with { DataManagementMaturity = 2 } },
        { QualificationCodes.RecentIncident, Samples.QualifyingProfile with { Incidents = [new Incident(Now.AddDays(-10), "ransomware")] } },
    };

    [Theory]
    [MemberData(nameof(OneConditionUnmet))]
    public void OneProfileConditionUnmet_IsNotQualified_NamingExactlyThatCode(string code, SecurityProfile profile)
    {
        var result = Evaluate(profile);

        Assert.False(result.Qualified);
        Assert.Equal([code], result.Unmet);
    }

    [Theory]
    [InlineData("", "Data Security Office")]
    [InlineData("Chen Jing", "")]
    [InlineData(" ", " ")]
    public void SecurityOfficerOrDepartmentNotNamed_IsUnmetSecurityOfficer(string name, string department)
    {
        var details = Samples.Details with { SecurityOfficer = new SecurityOfficer(name, department) };

        var result = Evaluate(Samples.QualifyingProfile, details);

        Assert.Equal([QualificationCodes.SecurityOfficer], result.Unmet);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(5, true)]
    public void DataManagementMaturity_OfAtLeast3_IsMet(int maturity, bool met)
    {
        var result = Evaluate(Samples.QualifyingProfile with { DataManagementMaturity = maturity });

        Assert.Equal(met, result.Qualified);
    }

    [Fact]
    public void IncidentExactly3YearsOld_NoLongerCounts()
    {
        var incident = new Incident(Now.AddYears(-3), "data leak");

        var result = Evaluate(Samples.QualifyingProfile, null, incident);

        Assert.True(result.Qualified);
        Assert.False(Qualification.IsRecent(incident, Now));
        Assert.Equal(Now, Qualification.AgesOutAt(incident));
    }

    [Fact]
    public void IncidentJustUnder3YearsOld_StillCounts()
    {
        var incident = new Incident(Now.AddYears(-3).AddTicks(10), "data leak");

        var result = Evaluate(Samples.QualifyingProfile, null, incident);

        Assert.Equal([QualificationCodes.RecentIncident], result.Unmet);
    }

    [Fact]
    public void ReportedIncident_CountsLikeADeclaredOne()
    {
        var result = Evaluate(Samples.QualifyingProfile, null, new Incident(Now.AddYears(-1), "intrusion"));

        Assert.Equal([QualificationCodes.RecentIncident], result.Unmet);
    }

    [Fact]
    public void NoProfile_IsNotQualified_ListingEveryProfileCode()
    {
        var result = Evaluate(null);

        Assert.False(result.Qualified);
        Assert.Equal(
            [
                QualificationCodes.BusinessStanding, QualificationCodes.Credit, QualificationCodes.SecurityManagementSystem,
                QualificationCodes.MlpsLevel3, QualificationCodes.CryptoAssessment, QualificationCodes.DataManagementMaturity,
            ],
            result.Unmet);
    }

    [Fact]
    public void EveryConditionUnmet_ListsEveryCode_InTheOrderOfTheSpec()
    {
        var details = Samples.Details with { SecurityOfficer = new SecurityOfficer("", "") };
        var profile = new SecurityProfile(BusinessStanding.Poor, CreditStanding.Dishonest, false, false, false, 1, [new Incident(Now, "leak")]);

        var result = Evaluate(profile, details);

        Assert.Equal(QualificationCodes.All, result.Unmet);
        Assert.Equal(
            ["business-standing", "credit", "security-officer", "security-management-system", "mlps-level-3", "crypto-assessment",
             "data-management-maturity", "recent-incident"],
            result.Unmet);
    }
}
