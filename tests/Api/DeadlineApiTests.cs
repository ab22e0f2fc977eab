using System.Globalization;
using System.Text.Json;
using Domains.Tests.Fixtures;

namespace Domains.Tests.Api;

[Collection(StackCollection.Name)]
public sealed class DeadlineApiTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);
    private Scenarios World => new(_api);

    [Fact]
    public async Task Calendar_ListsAnActiveAuthorizationsDeadlines_InDueOrder_FilteredAndPaged()
    {
        var start = (await World.NowAsync()).AddHours(1);
        var id = await World.AuthorizationAsync("active", termStart: start, termMonths: 12);
        var entity = $"authorization/{id}";
        var end = start.AddMonths(12);

        var all = await PagesAsync($"/v1/deadlines?entity={entity}&limit=5");
        var renewals = await PagesAsync($"/v1/deadlines?entity={entity}&kind=renewal-notice");
        var soon = await PagesAsync($"/v1/deadlines?entity={entity}&before={Scenarios.Instant(start.AddMonths(4))}");

        Assert.Equal(1 + 3 + 8, all.Count);
        Assert.Equal(all.Select(DueAt).Order(), all.Select(DueAt));
        Assert.All(all, d => Assert.Equal(entity, d.GetProperty("entity").GetString()));
        Assert.Contains(all, d => d.GetProperty("kind").GetString() == "expiry" && DueAt(d) == end);
        Assert.Equal([end.AddDays(-90), end.AddDays(-30), end.AddDays(-7)], renewals.Select(DueAt));
        Assert.All(soon, d => Assert.True(DueAt(d) < start.AddMonths(4)));
        Assert.Equal(2, soon.Count);
    }

    [Theory]
    [InlineData("/v1/deadlines?cursor=%%%")]
    [InlineData("/v1/deadlines?before=tomorrow")]
    [InlineData("/v1/deadlines?entity=nothing")]
    [InlineData("/v1/deadlines?limit=9999")]
    public async Task Calendar_WithABadQuery_Is400(string path)
    {
        Assert.Equal("validation-failed", (await _api.GetAsync(path, "auditor")).Code);
    }

    [Theory]
    [InlineData("unit")]
    [InlineData("automation")]
    public async Task Calendar_ForAUnitOrAutomation_Is403(string role)
    {
        Assert.Equal(403, (await _api.GetAsync("/v1/deadlines", role, role == "unit" ? Scenarios.NewUscc() : null)).Status);
    }

    private async Task<List<JsonElement>> PagesAsync(string path)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var reply = await _api.GetAsync(path + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"), "supervisor");
            Assert.Equal(200, reply.Status);
            items.AddRange(reply.Json.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
            cursor = reply.Json.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return items;
    }

    private static DateTimeOffset DueAt(JsonElement deadline) =>
        DateTimeOffset.Parse(deadline.GetProperty("dueAt").GetString()!, CultureInfo.InvariantCulture);
}
