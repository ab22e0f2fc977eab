namespace Domains.GrainInterfaces.Units;

public sealed partial record Qualification
{
    /// <summary>R1: an incident counts for 3 years from when it occurred.</summary>
    public const int IncidentYears = 3;

    /// <summary>R1: the lowest acceptable data management maturity (of 5).</summary>
    public const int MinimumDataManagementMaturity = 3;

    /// <summary>The instant an incident stops counting against its unit (the <c>incident-ageing</c> deadline).</summary>
    public static DateTimeOffset AgesOutAt(Incident incident) => incident.OccurredAt.AddYears(IncidentYears);

    /// <summary>Whether <paramref name="incident"/> is within the last 3 years as of <paramref name="now"/>; one exactly 3 years old is not.</summary>
    public static bool IsRecent(Incident incident, DateTimeOffset now) => now < AgesOutAt(incident);

    /// <summary>
    /// R1 as of <paramref name="now"/>, pure. Without a security profile every condition the profile
    /// answers is unmet; incidents are the profile's and those reported since.
    /// </summary>
    public static Qualification Evaluate(
        UnitDetails details, SecurityProfile? profile, IEnumerable<Incident> reported, DateTimeOffset now)
    {
        var unmet = new List<string>();
        if (profile?.BusinessStanding != BusinessStanding.Good) unmet.Add(QualificationCodes.BusinessStanding);
        if (profile?.Credit != CreditStanding.Good) unmet.Add(QualificationCodes.Credit);
        if (string.IsNullOrWhiteSpace(details.SecurityOfficer?.Name) || string.IsNullOrWhiteSpace(details.SecurityOfficer.Department))
        {
            unmet.Add(QualificationCodes.SecurityOfficer);
        }
        if (profile?.SecurityManagementSystem != true) unmet.Add(QualificationCodes.SecurityManagementSystem);
        if (profile?.MlpsLevel3 != true) unmet.Add(QualificationCodes.MlpsLevel3);
        if (profile?.CryptoAssessment != true) unmet.Add(QualificationCodes.CryptoAssessment);
        if (profile is null || profile.DataManagementMaturity < MinimumDataManagementMaturity)
        {
            unmet.Add(QualificationCodes.DataManagementMaturity);
        }
        var incidents = (profile?.Incidents ?? []).Concat(reported);
        if (incidents.Any(i => IsRecent(i, now))) unmet.Add(QualificationCodes.RecentIncident);
        return new Qualification(unmet.Count == 0, unmet);
    }
}
