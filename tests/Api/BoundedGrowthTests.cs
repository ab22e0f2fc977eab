using Domains.Grains.Authorizations;
using Domains.Tests.Fixtures;
using Npgsql;

namespace Domains.Tests.Api;

/// <summary>
/// A client looping commands with fresh Idempotency-Keys and the longest texts allowed must not grow an
/// entity's stored state without bound: its lists are capped (409 limit-reached once full) and the
/// remembered answers keep their views within a byte budget.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class BoundedGrowthTests(StackFixture stack)
{
    private const int StoredStateBound = 256 * 1024;

    private readonly ApiClient _api = new(stack);
    private Scenarios World => new(_api);

    [Fact]
    public async Task CorrectionsLoop_WithFreshKeysAndLongTexts_IsRefusedAtTheCap_AndTheStoredStateStaysBounded()
    {
        var uscc = await World.QualifiedUnitAsync();
        var id = await World.AuthorizationAsync("active", uscc: uscc, termStart: await World.NowAsync());
        await _api.PostAsync($"/v1/authorizations/{id}/suspend", "supervisor", new { reason = "breach", correctionDue = "P30D" });
        var summary = new string('x', 4_000);

        var statuses = new List<int>();
        var codes = new List<string?>();
        for (var i = 0; i < 30; i++)
        {
            var reply = await _api.PostAsync($"/v1/authorizations/{id}/corrections", "unit", new { summary }, idempotencyKey: Ids.New("key"), unit: uscc);
            statuses.Add(reply.Status);
            codes.Add(reply.Code);
        }

        Assert.All(statuses.Take(AuthorizationGrain.MaxCorrectionsPerSuspension), s => Assert.Equal(201, s));
        Assert.All(statuses.Skip(AuthorizationGrain.MaxCorrectionsPerSuspension), s => Assert.Equal(409, s));
        Assert.All(codes.Skip(AuthorizationGrain.MaxCorrectionsPerSuspension), c => Assert.Equal("limit-reached", c));
        var stored = await StoredStateBytesAsync("authorization", id);
        Assert.InRange(stored, 1, StoredStateBound);
        var view = await _api.GetAsync($"/v1/authorizations/{id}");
        Assert.Equal(AuthorizationGrain.MaxCorrectionsPerSuspension, view.Json.GetProperty("corrections").GetArrayLength());
        Assert.True(view.Json.GetProperty("reports").GetArrayLength() > 0);
    }

    [Fact]
    public async Task CommandRetry_AfterItsAnswerWasCompacted_ChangesNothing()
    {
        var uscc = await World.QualifiedUnitAsync();
        var id = await World.AuthorizationAsync("active", uscc: uscc, termStart: await World.NowAsync(), termMonths: 36);
        await _api.PostAsync($"/v1/authorizations/{id}/suspend", "supervisor", new { reason = "breach", correctionDue = "P30D" });
        var summary = new string('y', 4_000);
        var first = await _api.PostAsync($"/v1/authorizations/{id}/corrections", "unit", new { summary }, idempotencyKey: "first-correction", unit: uscc);
        for (var i = 0; i < AuthorizationGrain.MaxCorrectionsPerSuspension - 1; i++)
        {
            await _api.PostAsync($"/v1/authorizations/{id}/corrections", "unit", new { summary }, idempotencyKey: Ids.New("key"), unit: uscc);
        }
        // Enough large answers after it (every report of the term, each answer the whole authorization) that
        // the first one's view no longer fits the budget.
        var periods = (await _api.GetAsync($"/v1/authorizations/{id}")).Json.GetProperty("reports").GetArrayLength();
        for (var period = 1; period <= periods; period++)
        {
            Assert.Equal(201, (await _api.PostAsync($"/v1/authorizations/{id}/reports", "unit", new { period, summary }, idempotencyKey: Ids.New("key"), unit: uscc)).Status);
        }
        var before = await _api.GetAsync($"/v1/authorizations/{id}");

        var retry = await _api.PostAsync($"/v1/authorizations/{id}/corrections", "unit", new { summary }, idempotencyKey: "first-correction", unit: uscc);

        Assert.Equal(201, first.Status);
        Assert.Equal(201, retry.Status);
        // The answer is the authorization as it is now (its first view was compacted), and nothing was applied again.
        Assert.Equal(AuthorizationGrain.MaxCorrectionsPerSuspension, retry.Json.GetProperty("corrections").GetArrayLength());
        Assert.Equal(before.Long("version"), retry.Long("version"));
    }

    private async Task<long> StoredStateBytesAsync(string stateName, string id)
    {
        await using var db = NpgsqlDataSource.Create(stack.ConnectionString);
        await using var cmd = db.CreateCommand(
            "SELECT coalesce(max(length(payloadbinary)), 0) FROM orleansstorage WHERE graintypestring = @state AND grainidextensionstring LIKE '%' || @id");
        cmd.Parameters.AddWithValue("state", stateName);
        cmd.Parameters.AddWithValue("id", id);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
