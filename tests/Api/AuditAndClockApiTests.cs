using Domains.Tests.Fixtures;

namespace Domains.Tests.Api;

[Collection(StackCollection.Name)]
public sealed class AuditAndClockApiTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);

    [Fact]
    public async Task Audit_ListsEventsInOrder_WithPaging_AndVerifies()
    {
        var id = Ids.New("dom");
        await _api.PutAsync($"/v1/domains/{id}", "authority", new { name = "n", level = "province", regionCode = "350000", standardVersion = "v" });
        await _api.PostAsync($"/v1/domains/{id}/built", "automation");
        await _api.PostAsync($"/v1/domains/{id}/accept", "authority", new { inspectionRef = "I" });

        var first = await _api.GetAsync($"/v1/audit?entity=domain/{id}&limit=2", "supervisor");
        var cursor = first.Json.GetProperty("nextCursor").GetString();
        var second = await _api.GetAsync($"/v1/audit?entity=domain/{id}&limit=2&cursor={cursor}", "supervisor");
        var verify = await _api.GetAsync($"/v1/audit/verify?entity=domain/{id}", "auditor");

        var items = first.Json.GetProperty("items");
        Assert.Equal(2, items.GetArrayLength());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, items[0].GetProperty("fromState").ValueKind);
        Assert.Equal("planned", items[0].GetProperty("toState").GetString());
        Assert.Equal("authority", items[0].GetProperty("role").GetString());
        Assert.Equal(items[0].GetProperty("hash").GetString(), items[1].GetProperty("prevHash").GetString());
        Assert.Equal("accept", second.Json.GetProperty("items")[0].GetProperty("action").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, second.Json.GetProperty("nextCursor").ValueKind);
        Assert.True(verify.Json.GetProperty("valid").GetBoolean());
        Assert.Equal(3, verify.Json.GetProperty("events").GetInt32());
    }

    [Fact]
    public async Task Audit_FiltersByActor()
    {
        var id = Ids.New("dom");
        await _api.PutAsync($"/v1/domains/{id}", "authority", new { name = "n", level = "city", regionCode = "350100", standardVersion = "v" });
        await _api.PostAsync($"/v1/domains/{id}/built", "automation");

        var reply = await _api.GetAsync($"/v1/audit?entity=domain/{id}&actor=automation-tester", "auditor");

        Assert.Equal("report-built", Assert.Single(reply.Json.GetProperty("items").EnumerateArray()).GetProperty("action").GetString());
    }

    [Theory]
    [InlineData("/v1/audit")]
    [InlineData("/v1/audit?entity=planet/1")]
    [InlineData("/v1/audit?entity=domain/x&limit=0")]
    [InlineData("/v1/audit?entity=domain/x&limit=501")]
    [InlineData("/v1/audit?entity=domain/x&cursor=abc")]
    [InlineData("/v1/audit?entity=domain/x&from=yesterday")]
    public async Task Audit_WithABadQuery_Is400ValidationFailed(string path)
    {
        var reply = await _api.GetAsync(path, "auditor");

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
    }

    [Fact]
    public async Task Clock_AdvancedByADuration_MovesAndReplaysWithTheSameKey()
    {
        var before = DateTimeOffset.Parse((await _api.GetAsync("/v1/admin/clock", "auditor")).Str("now")!, System.Globalization.CultureInfo.InvariantCulture);

        var moved = await _api.PostAsync("/v1/admin/clock", "authority", new { advanceBy = "PT1H" }, idempotencyKey: Ids.New("clock"));
        var key = Ids.New("clock");
        var once = await _api.PostAsync("/v1/admin/clock", "authority", new { advanceBy = "PT1M" }, idempotencyKey: key);
        var replay = await _api.PostAsync("/v1/admin/clock", "authority", new { advanceBy = "PT1M" }, idempotencyKey: key);

        Assert.Equal(200, moved.Status);
        Assert.Equal(before.AddHours(1), DateTimeOffset.Parse(moved.Str("now")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(once.Body, replay.Body);
        var now = DateTimeOffset.Parse((await _api.GetAsync("/v1/admin/clock", "auditor")).Str("now")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(before.AddHours(1).AddMinutes(1), now);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"advanceBy\":\"30 days\"}")]
    [InlineData("{\"advanceBy\":\"P1D\",\"to\":\"2030-01-01T00:00:00Z\"}")]
    [InlineData("{\"to\":\"2001-01-01T00:00:00Z\"}")]
    public async Task Clock_WithABadRequest_Is400ValidationFailed(string raw)
    {
        var reply = await _api.SendAsync(HttpMethod.Post, "/v1/admin/clock", "authority", rawBody: raw);

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
    }
}
