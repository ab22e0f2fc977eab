using Domains.GrainInterfaces.Notices;
using Domains.GrainInterfaces.Units;

namespace Domains.Tests.Fixtures;

/// <summary>Typical facts of operating units and notices, as the authority would register them.</summary>
public static class Samples
{
    public static readonly UnitDetails Details = new(
        "Fuzhou Data Works Co., Ltd.", new Principal("Lin Wei", "Chairman"), new SecurityOfficer("Chen Jing", "Data Security Office"));

    /// <summary>A profile meeting every condition of R1.</summary>
    public static readonly SecurityProfile QualifyingProfile = new(
        BusinessStanding.Good, CreditStanding.Good, SecurityManagementSystem: true, MlpsLevel3: true, CryptoAssessment: true,
        DataManagementMaturity: 3, Incidents: []);

    public static NoticeDefinition Notice(DateTimeOffset now, int? quota = null, TimeSpan? closesIn = null) => new(
        "Health data for insurance", "healthcare", new Region(RegionLevel.City, "350100"), Pilot: false, quota,
        now.AddDays(-1), now + (closesIn ?? TimeSpan.FromDays(30)), "dom-fuzhou");

    public static object UnitBody(string name = "Fuzhou Data Works Co., Ltd.") => new
    {
        name,
        principal = new { name = "Lin Wei", title = "Chairman" },
        securityOfficer = new { name = "Chen Jing", department = "Data Security Office" },
    };

    public static object ProfileBody(string credit = "good", int maturity = 4, object[]? incidents = null) => new
    {
        businessStanding = "good",
        credit,
        securityManagementSystem = true,
        mlpsLevel3 = true,
        cryptoAssessment = true,
        dataManagementMaturity = maturity,
        incidents = incidents ?? [],
    };

    public static object NoticeBody(DateTimeOffset now, string title = "Health data for insurance", int? quota = 3, TimeSpan? closesIn = null) => new
    {
        title,
        field = "healthcare",
        region = new { level = "city", code = "350100" },
        pilot = false,
        quota,
        opensAt = now.AddDays(-1),
        closesAt = now + (closesIn ?? TimeSpan.FromDays(30)),
        domainId = "dom-fuzhou",
    };
}
