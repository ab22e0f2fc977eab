namespace Domains.GrainInterfaces.Units;

/// <summary>The stable codes of unmet R1 conditions (API.md), in the order a qualification lists them.</summary>
public static class QualificationCodes
{
    public const string BusinessStanding = "business-standing";
    public const string Credit = "credit";
    public const string SecurityOfficer = "security-officer";
    public const string SecurityManagementSystem = "security-management-system";
    public const string MlpsLevel3 = "mlps-level-3";
    public const string CryptoAssessment = "crypto-assessment";
    public const string DataManagementMaturity = "data-management-maturity";
    public const string RecentIncident = "recent-incident";

    public static readonly IReadOnlyList<string> All =
    [
        BusinessStanding, Credit, SecurityOfficer, SecurityManagementSystem, MlpsLevel3, CryptoAssessment,
        DataManagementMaturity, RecentIncident,
    ];
}
