using System.Text;
using Domains.Grains.Authorizations;
using Domains.Grains.Entity;
using Domains.Tests.Fixtures;
using Npgsql;

namespace Domains.Tests.Api;

/// <summary>
/// A client looping commands with fresh Idempotency-Keys and the longest texts allowed must not grow an
/// entity's stored state without bound: its lists are capped (409 limit-reached once full) and the
/// remembered answers live outside the state, each within a byte limit.
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
    public async Task CommandRetries_GetTheirFirstAnswer_OrTheEntityAsItIs_WhenTheAnswerWasTooLargeToKeep_AndChangeNothing()
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
        // Every report of the term, each answer the whole authorization: the last answers outgrow what one may keep.
        var periods = (await _api.GetAsync($"/v1/authorizations/{id}")).Json.GetProperty("reports").GetArrayLength();
        Reply lastReport = null!;
        for (var period = 1; period <= periods; period++)
        {
            lastReport = await _api.PostAsync($"/v1/authorizations/{id}/reports", "unit", new { period, summary }, idempotencyKey: $"report-{period}", unit: uscc);
            Assert.Equal(201, lastReport.Status);
        }
        Assert.True(Encoding.UTF8.GetByteCount(lastReport.Body) > IdempotencyLimits.AnswerSizeLimit);
        var reinstated = await _api.PostAsync($"/v1/authorizations/{id}/reinstate", "supervisor", new { note = "corrected" });
        Assert.Equal(200, reinstated.Status);

        var firstRetry = await _api.PostAsync($"/v1/authorizations/{id}/corrections", "unit", new { summary }, idempotencyKey: "first-correction", unit: uscc);
        var reportRetry = await _api.PostAsync($"/v1/authorizations/{id}/reports", "unit", new { period = periods, summary }, idempotencyKey: $"report-{periods}", unit: uscc);
        var after = await _api.GetAsync($"/v1/authorizations/{id}");

        // Kept whole: the first answer exactly as it was given.
        Assert.Equal(201, firstRetry.Status);
        Assert.Equal(first.Long("version"), firstRetry.Long("version"));
        Assert.Equal(1, firstRetry.Json.GetProperty("corrections").GetArrayLength());
        // Too large to keep: the authorization as it is now; either way nothing was applied again.
        Assert.Equal(201, reportRetry.Status);
        Assert.Equal(reinstated.Long("version"), reportRetry.Long("version"));
        Assert.Equal(reinstated.Long("version"), after.Long("version"));
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
