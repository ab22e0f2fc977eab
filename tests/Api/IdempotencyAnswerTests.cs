using System.Text;
using Domains.GrainInterfaces.Domains;
using Orleans.Core.Internal;
using Domains.Grains.Entity;
using Domains.Tests.Fixtures;
using Npgsql;

namespace Domains.Tests.Api;

/// <summary>
/// Answers to Idempotency-Keys live in <c>idempotency_answers</c>, one row each, not in the entity's state (where
/// every save rewrote them): a retry finds its first answer after the entity moved on and was deactivated, an
/// entity keeps its newest 100, a state stored with answers in it still answers them and its next save moves them
/// out, and answers older than the retention are purged.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class IdempotencyAnswerTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);
    private Scenarios World => new(_api);

    [Fact]
    public async Task Retry_AfterTheEntityMovedOn_AndWasDeactivated_GetsItsFirstAnswer_FromTheTable_NotFromTheState()
    {
        var domain = await World.OperationalDomainAsync();
        var key = Ids.New("key");
        var first = await _api.PostAsync($"/v1/domains/{domain}/suspend", "supervisor", new { reason = "inspection" }, idempotencyKey: key);
        var resumed = await _api.PostAsync($"/v1/domains/{domain}/resume", "supervisor", new { reason = "done" }, idempotencyKey: Ids.New("key"));
        await DeactivateAsync(domain);

        var retry = await _api.PostAsync($"/v1/domains/{domain}/suspend", "supervisor", new { reason = "inspection" }, idempotencyKey: key);

        Assert.Equal(200, first.Status);
        Assert.Equal(200, resumed.Status);
        Assert.Equal(200, retry.Status);
        // The first answer as it was given (suspended, its version), not the domain as it is now (operational, later).
        Assert.Equal("suspended", retry.Str("state"));
        Assert.Equal(first.Long("version"), retry.Long("version"));
        Assert.True(resumed.Long("version") > retry.Long("version"));
        Assert.Equal("operational", (await _api.GetAsync($"/v1/domains/{domain}")).Str("state"));
        Assert.Equal(2, (await AnswerKeysAsync(domain)).Count);
        Assert.DoesNotContain(key, await StoredStateAsync(domain));
    }

    [Fact]
    public async Task SameKey_WithAnotherBody_AfterDeactivation_IsRefusedAsReused_AndAnotherCallersKeyIsItsOwn()
    {
        var domain = await World.OperationalDomainAsync();
        var key = Ids.New("key");
        await _api.PostAsync($"/v1/domains/{domain}/suspend", "supervisor", new { reason = "a" }, idempotencyKey: key);
        await DeactivateAsync(domain);

        var reused = await _api.PostAsync($"/v1/domains/{domain}/suspend", "supervisor", new { reason = "b" }, idempotencyKey: key);
        // The authority is another caller: the same key is a fresh request of its own (refused: already suspended).
        var other = await _api.PostAsync($"/v1/domains/{domain}/built", "automation", idempotencyKey: key);

        Assert.Equal(422, reused.Status);
        Assert.Equal("idempotency-key-reused", reused.Code);
        Assert.Equal(409, other.Status);
        Assert.Equal("invalid-transition", other.Code);
    }

    [Fact]
    public async Task AnEntity_KeepsItsNewestHundredAnswers_AndItsStoredStateDoesNotGrowWithThem()
    {
        var domain = await World.OperationalDomainAsync();
        var before = (await StoredStateAsync(domain)).Length;
        var keys = new List<string>();
        for (var i = 0; i < IdempotencyLimits.Capacity + 5; i++)
        {
            var key = Ids.New("key");
            keys.Add(key);
            // Refused (the domain is built already) and remembered, so a retry hears the same refusal.
            Assert.Equal(409, (await _api.PostAsync($"/v1/domains/{domain}/built", "automation", idempotencyKey: key)).Status);
        }

        var kept = await AnswerKeysAsync(domain);
        Assert.Equal(IdempotencyLimits.Capacity, kept.Count);
        Assert.Equal(keys.Skip(5).Order(), kept.Order());
        // 105 answers later the state holds only their count: a few bytes more, not 105 answers.
        Assert.InRange((await StoredStateAsync(domain)).Length, 1, before + 64);
    }

    [Fact]
    public async Task StateStoredWithAnswersInIt_StillAnswersThem_AndItsNextSaveMovesThemIntoTheTable()
    {
        var domain = await World.OperationalDomainAsync();
        var key = Ids.New("key");
        var first = await _api.PostAsync($"/v1/domains/{domain}/suspend", "supervisor", new { reason = "legacy" }, idempotencyKey: key);
        await DeactivateAsync(domain);
        await MoveAnswersIntoTheStateAsync(domain);
        Assert.Empty(await AnswerKeysAsync(domain));
        Assert.Contains(key, await StoredStateAsync(domain));

        var retry = await _api.PostAsync($"/v1/domains/{domain}/suspend", "supervisor", new { reason = "legacy" }, idempotencyKey: key);
        var resumed = await _api.PostAsync($"/v1/domains/{domain}/resume", "supervisor", new { reason = "done" });
        await DeactivateAsync(domain);
        var retryAfterSave = await _api.PostAsync($"/v1/domains/{domain}/suspend", "supervisor", new { reason = "legacy" }, idempotencyKey: key);

        Assert.Equal(first.Long("version"), retry.Long("version"));
        Assert.Equal(200, resumed.Status);
        Assert.Equal(first.Long("version"), retryAfterSave.Long("version"));
        Assert.Equal("suspended", retryAfterSave.Str("state"));
        Assert.Equal([key], await AnswerKeysAsync(domain));
        Assert.DoesNotContain(key, await StoredStateAsync(domain));
    }

    [Fact]
    public async Task Purge_DeletesAnswersOlderThanTheRetention_AndKeepsYoungerOnes()
    {
        var domain = await World.OperationalDomainAsync();
        var old = Ids.New("key");
        var young = Ids.New("key");
        await _api.PostAsync($"/v1/domains/{domain}/built", "automation", idempotencyKey: old);
        await _api.PostAsync($"/v1/domains/{domain}/built", "automation", idempotencyKey: young);
        await using (var admin = NpgsqlDataSource.Create(stack.ConnectionString))
        {
            await using var age = admin.CreateCommand(
                "UPDATE idempotency_answers SET recorded_at = now() - interval '8 days' WHERE entity_type = 'domain' AND entity_id = @id AND key = @key");
            age.Parameters.AddWithValue("id", domain);
            age.Parameters.AddWithValue("key", old);
            Assert.Equal(1, await age.ExecuteNonQueryAsync());
        }

        // As the silo's own login runs it.
        await using var silo = NpgsqlDataSource.Create(stack.Database.Silo);
        var purged = await IdempotencyAnswerPurge.PurgeAsync(silo, TimeSpan.FromDays(7));

        Assert.True(purged >= 1);
        Assert.Equal([young], await AnswerKeysAsync(domain));
    }

    private async Task DeactivateAsync(string domain) =>
        await stack.Grains.GetGrain<IDomainGrain>(domain).AsReference<IGrainManagementExtension>().DeactivateOnIdle();

    private async Task<List<string>> AnswerKeysAsync(string domain)
    {
        await using var db = NpgsqlDataSource.Create(stack.ConnectionString);
        await using var cmd = db.CreateCommand("SELECT key FROM idempotency_answers WHERE entity_type = 'domain' AND entity_id = @id");
        cmd.Parameters.AddWithValue("id", domain);
        var keys = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) keys.Add(reader.GetString(0));
        return keys;
    }

    private async Task<string> StoredStateAsync(string domain)
    {
        await using var db = NpgsqlDataSource.Create(stack.ConnectionString);
        await using var cmd = db.CreateCommand(
            "SELECT payloadbinary FROM orleansstorage WHERE graintypestring = 'domain' AND grainidextensionstring LIKE '%' || @id");
        cmd.Parameters.AddWithValue("id", domain);
        return Encoding.UTF8.GetString((byte[])(await cmd.ExecuteScalarAsync())!);
    }

    /// <summary>Rewrites the stored state as states were stored before the table: its answers in its <c>idempotency</c> list.</summary>
    private async Task MoveAnswersIntoTheStateAsync(string domain)
    {
        await using var db = NpgsqlDataSource.Create(stack.ConnectionString);
        await using var cmd = db.CreateCommand("""
            WITH moved AS (
                DELETE FROM idempotency_answers WHERE entity_type = 'domain' AND entity_id = @id RETURNING answer
            )
            UPDATE orleansstorage
            SET payloadbinary = convert_to(jsonb_set(
                    convert_from(payloadbinary, 'UTF8')::jsonb - 'answersGiven', '{idempotency}',
                    (SELECT jsonb_agg(convert_from(answer, 'UTF8')::jsonb) FROM moved))::text, 'UTF8')
            WHERE graintypestring = 'domain' AND grainidextensionstring LIKE '%' || @id
            """);
        cmd.Parameters.AddWithValue("id", domain);
        Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
    }
}
