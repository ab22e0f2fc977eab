using Domains.GrainInterfaces;

namespace Domains.Tests.Units;

public sealed class IsoDurationTests
{
    [Theory]
    [InlineData("P30D", 0, 0, 30, 0)]
    [InlineData("P2Y", 2, 0, 0, 0)]
    [InlineData("P1Y2M3D", 1, 2, 3, 0)]
    [InlineData("P2W", 0, 0, 14, 0)]
    [InlineData("PT1H", 0, 0, 0, 3600)]
    [InlineData("P1DT30M", 0, 0, 1, 1800)]
    public void TryParse_ValidDurations_GivesTheirParts(string text, int years, int months, int days, int seconds)
    {
        Assert.True(IsoDuration.TryParse(text, out var duration));

        Assert.Equal(new IsoDuration(years, months, days, TimeSpan.FromSeconds(seconds)), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("30D")]
    [InlineData("P-1D")]
    [InlineData("P1.5D")]
    [InlineData("P99999999999D")]
    [InlineData("P1001Y")]
    [InlineData("p30d")]
    public void TryParse_Invalid_IsRefused(string text) => Assert.False(IsoDuration.TryParse(text, out _));

    [Fact]
    public void AddTo_OneMonthFromTheThirtyFirstOfJanuary_EndsInFebruary()
    {
        IsoDuration.TryParse("P1M", out var month);

        var end = month.AddTo(new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2027, 2, 28, 0, 0, 0, TimeSpan.Zero), end);
    }
}
