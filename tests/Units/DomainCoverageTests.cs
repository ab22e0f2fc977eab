using Domains.GrainInterfaces.Domains;
using Domains.GrainInterfaces.Notices;
using Domains.Grains.Domains;

namespace Domains.Tests.Units;

public sealed class DomainCoverageTests
{
    [Theory]
    [InlineData(DomainLevel.Province, "350000", RegionLevel.Province, "350000", true)]
    [InlineData(DomainLevel.Province, "350000", RegionLevel.County, "350121", true)]
    [InlineData(DomainLevel.Province, "350000", RegionLevel.City, "440100", false)]
    [InlineData(DomainLevel.City, "350100", RegionLevel.City, "350100", true)]
    [InlineData(DomainLevel.City, "350100", RegionLevel.County, "350121", true)]
    [InlineData(DomainLevel.City, "350100", RegionLevel.County, "350221", false)]
    [InlineData(DomainLevel.City, "350100", RegionLevel.Province, "350000", false)]
    [InlineData(DomainLevel.County, "350121", RegionLevel.County, "350121", true)]
    [InlineData(DomainLevel.County, "350121", RegionLevel.County, "350122", false)]
    [InlineData(DomainLevel.County, "350121", RegionLevel.City, "350100", false)]
    public void Domain_ServesItsOwnRegionAndWhatLiesInIt(DomainLevel level, string code, RegionLevel regionLevel, string regionCode, bool serves)
    {
        Assert.Equal(serves, DomainCoverage.Serves(level, code, new Region(regionLevel, regionCode)));
    }
}
