using Domains.GrainInterfaces.Domains;
using Domains.GrainInterfaces.Notices;

namespace Domains.Grains.Domains;

/// <summary>
/// R8: domains are built at province or city level, and a county uses its city's domain unless it has
/// built its own. With six-digit division codes (province PP0000, city PPCC00, county PPCCXX): a
/// province's domain serves its whole province, a city's domain serves the city and its counties, a
/// county's domain serves that county alone.
/// </summary>
public static class DomainCoverage
{
    public static bool Serves(DomainLevel domainLevel, string domainCode, Region region)
    {
        if (domainCode.Length != 6 || region.Code.Length != 6) return domainCode == region.Code;
        return domainLevel switch
        {
            DomainLevel.Province => region.Code.StartsWith(domainCode[..2], StringComparison.Ordinal),
            DomainLevel.City => region.Level != RegionLevel.Province && region.Code.StartsWith(domainCode[..4], StringComparison.Ordinal),
            _ => region.Level == RegionLevel.County && region.Code == domainCode,
        };
    }
}
