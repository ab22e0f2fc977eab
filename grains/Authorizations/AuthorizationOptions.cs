namespace Domains.Grains.Authorizations;

public sealed class AuthorizationOptions
{
    public const string Section = "Authorizations";

    /// <summary>R9: days before the term's end at which a re-application notice goes to the unit.</summary>
    public int[] RenewalLeadDays { get; set; } = [90, 30, 7];

    /// <summary>R13: a report falls due every this many months of the term.</summary>
    public int ReportEveryMonths { get; set; } = 3;

    /// <summary>R13: how long before a report's due instant the unit is reminded.</summary>
    public TimeSpan ReportNoticeLead { get; set; } = TimeSpan.FromDays(14);

    /// <summary>R10: the correction deadline when a suspension names none.</summary>
    public TimeSpan DefaultCorrectionPeriod { get; set; } = TimeSpan.FromDays(30);
}
