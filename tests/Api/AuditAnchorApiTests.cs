using Domains.Tests.Fixtures;
using Npgsql;

namespace Domains.Tests.Api;

/// <summary>Issue 13 items 3 and 4 over HTTP: a chain anchored at its entity's head, reasons and change digests.</summary>
[Collection(StackCollection.Name)]
public sealed class AuditAnchorApiTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);

    private async Task<string> DomainWithThreeEventsAsync()
    {
        var id = Ids.New("dom");
        await _api.PutAsync($"/v1/domains/{id}", "authority", new { name = "n", level = "province", regionCode = "350000", standardVersion = "v" });
        await _api.PostAsync($"/v1/domains/{id}/built", "automation");
        await _api.PostAsync($"/v1/domains/{id}/accept", "authority", new { inspectionRef = "I" });
        return id;
    }

    /// <summary>What someone with the database's owner rights can do: the append-only trigger is no defence against them.</summary>
    private async Task DeleteEventsAsync(string entityId, long fromVersion)
    {
        await using var db = NpgsqlDataSource.Create(stack.ConnectionString);
        await using var cmd = db.CreateCommand("""
            ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update;
            DELETE FROM audit_events WHERE entity_id = @id AND version >= @from;
            ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update;
            """);
        cmd.Parameters.AddWithValue("id", entityId);
        cmd.Parameters.AddWithValue("from", fromVersion);
        await cmd.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Verify_AfterTheNewestEventsAreDeleted_IsInvalid()
    {
        var id = await DomainWithThreeEventsAsync();
        await _api.PostAsync($"/v1/domains/{id}/suspend", "supervisor", new { reason = "drill" });
        await DeleteEventsAsync(id, fromVersion: 3);

        var verify = await _api.GetAsync($"/v1/audit/verify?entity=domain/{id}", "auditor");

        Assert.False(verify.Json.GetProperty("valid").GetBoolean());
        Assert.Equal(3, verify.Json.GetProperty("brokenAtVersion").GetInt64());
        Assert.Equal(4, verify.Json.GetProperty("headVersion").GetInt64());
        Assert.Equal(2, verify.Json.GetProperty("events").GetInt32());
    }

    [Fact]
    public async Task Verify_AfterTheWholeChainIsDeleted_IsInvalid()
    {
        var id = await DomainWithThreeEventsAsync();
        await _api.PostAsync($"/v1/domains/{id}/suspend", "supervisor", new { reason = "drill" });
        await DeleteEventsAsync(id, fromVersion: 1);

        var verify = await _api.GetAsync($"/v1/audit/verify?entity=domain/{id}", "auditor");

        Assert.False(verify.Json.GetProperty("valid").GetBoolean());
        Assert.Equal(1, verify.Json.GetProperty("brokenAtVersion").GetInt64());
        Assert.Equal(0, verify.Json.GetProperty("events").GetInt32());
    }

    [Fact]
    public async Task Verify_AnIntactEntity_IsValidAtItsHead()
    {
        var id = await DomainWithThreeEventsAsync();

        var verify = await _api.GetAsync($"/v1/audit/verify?entity=domain/{id}", "auditor");

        Assert.True(verify.Json.GetProperty("valid").GetBoolean());
        Assert.Equal(3, verify.Json.GetProperty("headVersion").GetInt64());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, verify.Json.GetProperty("check").ValueKind);
    }

    [Fact]
    public async Task Commands_WithAReason_RecordIt_AndEveryEventCarriesAChangeDigest()
    {
        var id = Ids.New("dom");
        await _api.PutAsync($"/v1/domains/{id}", "authority", new { name = "n", level = "province", regionCode = "350000", standardVersion = "v", reason = "new pilot area" });
        await _api.PostAsync($"/v1/domains/{id}/built", "automation", new { reason = "build pipeline 42" });
        await _api.PutAsync($"/v1/domains/{id}", "authority", new { name = "renamed", level = "province", regionCode = "350000", standardVersion = "v" });

        var events = (await _api.GetAsync($"/v1/audit?entity=domain/{id}", "auditor")).Json.GetProperty("items");
        var verify = await _api.GetAsync($"/v1/audit/verify?entity=domain/{id}", "auditor");

        Assert.Equal("new pilot area", events[0].GetProperty("reason").GetString());
        Assert.Equal("build pipeline 42", events[1].GetProperty("reason").GetString());
        var renamed = events[2].GetProperty("changes");
        Assert.Equal(["definition"], renamed.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(64, renamed.GetProperty("sha256").GetString()!.Length);
        Assert.Contains("builtAt", events[1].GetProperty("changes").GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.True(verify.Json.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Command_WithAReasonThatIsNoText_Is400ValidationFailed()
    {
        var id = await DomainWithThreeEventsAsync();

        var reply = await _api.PostAsync($"/v1/domains/{id}/suspend", "supervisor", new { reason = 5 });
        var tooLong = await _api.PostAsync($"/v1/domains/{id}/retire", "authority", new { reason = new string('x', 4001) });

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
        Assert.Equal(400, tooLong.Status);
        Assert.Equal("validation-failed", tooLong.Code);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheReasonOfCommandBodies_AndTheDigestAndHeadFields()
    {
        var document = (await _api.GetAsync("/openapi/v1.json", role: null)).Json.GetRawText();

        Assert.Contains("\"changes\"", document);
        Assert.Contains("\"headVersion\"", document);
        Assert.Contains("Why, as the audit event records it.", document);
    }
}
