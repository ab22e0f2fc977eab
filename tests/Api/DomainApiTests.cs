using Domains.Tests.Fixtures;

namespace Domains.Tests.Api;

[Collection(StackCollection.Name)]
public sealed class DomainApiTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);

    private static object Definition(string name = "Fuzhou city domain") =>
        new { name, level = "city", regionCode = "350100", standardVersion = "DB35/T-2024" };

    [Fact]
    public async Task DomainFlow_OverHttp_MovesThroughEveryStateWithETags()
    {
        var id = Ids.New("dom");

        var created = await _api.PutAsync($"/v1/domains/{id}", "authority", Definition());
        var updated = await _api.PutAsync($"/v1/domains/{id}", "authority", Definition("renamed"));
        var built = await _api.PostAsync($"/v1/domains/{id}/built", "automation");
        var accepted = await _api.PostAsync($"/v1/domains/{id}/accept", "authority", new { inspectionRef = "INSP-7" });
        var suspended = await _api.PostAsync($"/v1/domains/{id}/suspend", "supervisor", new { reason = "breach" });
        var resumed = await _api.PostAsync($"/v1/domains/{id}/resume", "supervisor", new { reason = "corrected" });
        var read = await _api.GetAsync($"/v1/domains/{id}", "auditor");

        Assert.Equal(201, created.Status);
        Assert.Equal($"/v1/domains/{id}", created.Location);
        Assert.Equal("\"1\"", created.ETag);
        Assert.Equal("planned", created.Str("state"));
        Assert.Equal(200, updated.Status);
        Assert.Equal("renamed", updated.Str("name"));
        Assert.Equal("awaiting-acceptance", built.Str("state"));
        Assert.Equal("operational", accepted.Str("state"));
        Assert.Equal("INSP-7", accepted.Str("inspectionRef"));
        Assert.Equal("suspended", suspended.Str("state"));
        Assert.Equal("breach", suspended.Json.GetProperty("suspension").GetProperty("reason").GetString());
        Assert.Equal("operational", resumed.Str("state"));
        Assert.Equal(200, read.Status);
        Assert.Equal("\"6\"", read.ETag);
        Assert.Equal(6, read.Long("version"));
        Assert.Equal("city", read.Str("level"));
        foreach (var field in new[] { "id", "state", "version", "createdAt", "updatedAt" })
        {
            Assert.True(read.Json.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task Command_WithNoBodyAndNoContentType_IsAccepted_AndInstantsAreUtcRfc3339()
    {
        var id = Ids.New("dom");
        await _api.PutAsync($"/v1/domains/{id}", "authority", Definition());

        var built = await _api.SendAsync(HttpMethod.Post, $"/v1/domains/{id}/built", "automation");

        Assert.Equal(200, built.Status);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$", built.Str("builtAt"));
    }

    [Fact]
    public async Task IfMatch_WithAStaleVersion_Is412VersionMismatch_AndTheCurrentOneSucceeds()
    {
        var id = Ids.New("dom");
        await _api.PutAsync($"/v1/domains/{id}", "authority", Definition());

        var stale = await _api.PostAsync($"/v1/domains/{id}/built", "automation", ifMatch: "\"5\"");
        var current = await _api.PostAsync($"/v1/domains/{id}/built", "automation", ifMatch: "\"1\"");
        var stalePut = await _api.PutAsync($"/v1/domains/{id}", "authority", Definition(), ifMatch: "\"1\"");

        Assert.Equal(412, stale.Status);
        Assert.Equal("version-mismatch", stale.Code);
        Assert.Equal(200, current.Status);
        Assert.Equal(412, stalePut.Status);
    }

    [Fact]
    public async Task SameIdempotencyKeyAndBody_ReplaysTheFirstResponse_WithOneAuditEvent()
    {
        var id = Ids.New("dom");
        await _api.PutAsync($"/v1/domains/{id}", "authority", Definition());
        await _api.PostAsync($"/v1/domains/{id}/built", "automation");
        var body = new { inspectionRef = "INSP-1" };

        var first = await _api.PostAsync($"/v1/domains/{id}/accept", "authority", body, idempotencyKey: "accept-1");
        var replay = await _api.PostAsync($"/v1/domains/{id}/accept", "authority", body, idempotencyKey: "accept-1");
        var audit = await _api.GetAsync($"/v1/audit?entity=domain/{id}", "auditor");

        Assert.Equal(200, first.Status);
        Assert.Equal(first.Status, replay.Status);
        Assert.Equal(first.Body, replay.Body);
        Assert.Equal(first.ETag, replay.ETag);
        Assert.Equal(3, audit.Json.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task SameIdempotencyKeyWithAnotherBody_Is422IdempotencyKeyReused()
    {
        var id = Ids.New("dom");
        await _api.PutAsync($"/v1/domains/{id}", "authority", Definition());
        await _api.PostAsync($"/v1/domains/{id}/built", "automation");
        await _api.PostAsync($"/v1/domains/{id}/accept", "authority", new { inspectionRef = "I" });

        await _api.PostAsync($"/v1/domains/{id}/suspend", "supervisor", new { reason = "a" }, idempotencyKey: "s-1");
        var reused = await _api.PostAsync($"/v1/domains/{id}/suspend", "supervisor", new { reason = "b" }, idempotencyKey: "s-1");

        Assert.Equal(422, reused.Status);
        Assert.Equal("idempotency-key-reused", reused.Code);
    }

    [Fact]
    public async Task RefusedCommand_ReplayedWithItsKey_GetsTheSameRefusal()
    {
        var id = Ids.New("dom");
        await _api.PutAsync($"/v1/domains/{id}", "authority", Definition());

        var refused = await _api.PostAsync($"/v1/domains/{id}/accept", "authority", new { inspectionRef = "I" }, idempotencyKey: "a-1");
        await _api.PostAsync($"/v1/domains/{id}/built", "automation");
        var replay = await _api.PostAsync($"/v1/domains/{id}/accept", "authority", new { inspectionRef = "I" }, idempotencyKey: "a-1");

        Assert.Equal(409, refused.Status);
        Assert.Equal(409, replay.Status);
        Assert.Equal("invalid-transition", replay.Code);
    }

    [Fact]
    public async Task CommandNotAllowedInTheState_Is409InvalidTransition_NamingTheState()
    {
        var id = Ids.New("dom");
        await _api.PutAsync($"/v1/domains/{id}", "authority", Definition());

        var reply = await _api.PostAsync($"/v1/domains/{id}/accept", "authority", new { inspectionRef = "INSP" });

        Assert.Equal(409, reply.Status);
        Assert.Equal("application/problem+json", reply.ContentType);
        Assert.Equal("invalid-transition", reply.Code);
        Assert.Contains("planned", reply.Str("detail"));
        Assert.Equal(409, reply.Json.GetProperty("status").GetInt32());
        Assert.True(reply.Json.TryGetProperty("traceId", out _));
    }

    [Theory]
    [InlineData("{\"name\": ")]
    [InlineData("not json")]
    [InlineData("{\"name\": \"x\",}")]
    public async Task MalformedJson_Is400MalformedJson(string raw)
    {
        var reply = await _api.SendAsync(HttpMethod.Put, $"/v1/domains/{Ids.New("dom")}", "authority", rawBody: raw);

        Assert.Equal(400, reply.Status);
        Assert.Equal("malformed-json", reply.Code);
    }

    [Theory]
    [InlineData("{}", "name")]
    [InlineData("{\"name\":\"n\",\"level\":\"galaxy\",\"regionCode\":\"1\",\"standardVersion\":\"v\"}", "level")]
    [InlineData("{\"name\":42,\"level\":\"city\",\"regionCode\":\"1\",\"standardVersion\":\"v\"}", "name")]
    [InlineData("[1,2]", "$")]
    public async Task InvalidBody_Is400ValidationFailed_NamingTheField(string raw, string field)
    {
        var id = Ids.New("dom");

        var reply = await _api.SendAsync(HttpMethod.Put, $"/v1/domains/{id}", "authority", rawBody: raw);

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
        Assert.Contains(reply.Json.GetProperty("errors").EnumerateObject(), e => e.Name.Contains(field, StringComparison.Ordinal));
        Assert.Equal(404, (await _api.GetAsync($"/v1/domains/{id}")).Status);
    }

    [Fact]
    public async Task IdempotencyKeyLongerThan128_Is400()
    {
        var reply = await _api.PostAsync($"/v1/domains/{Ids.New("dom")}/built", "automation", idempotencyKey: new string('k', 129));

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
    }

    [Fact]
    public async Task UnknownDomain_Is404NotFound()
    {
        var reply = await _api.GetAsync($"/v1/domains/{Ids.New("dom")}");
        var command = await _api.PostAsync($"/v1/domains/{Ids.New("dom")}/built", "automation");

        Assert.Equal(404, reply.Status);
        Assert.Equal("not-found", reply.Code);
        Assert.Equal(404, command.Status);
    }

    [Theory]
    [InlineData("PUT", "/v1/domains/{id}", "supervisor")]
    [InlineData("PUT", "/v1/domains/{id}", "unit")]
    [InlineData("POST", "/v1/domains/{id}/built", "authority")]
    [InlineData("POST", "/v1/domains/{id}/accept", "automation")]
    [InlineData("POST", "/v1/domains/{id}/suspend", "authority")]
    [InlineData("POST", "/v1/domains/{id}/resume", "auditor")]
    [InlineData("POST", "/v1/domains/{id}/retire", "supervisor")]
    [InlineData("GET", "/v1/audit?entity=domain/{id}", "automation")]
    [InlineData("GET", "/v1/audit?entity=domain/{id}", "unit")]
    [InlineData("GET", "/v1/audit/verify?entity=domain/{id}", "unit")]
    [InlineData("POST", "/v1/admin/clock", "supervisor")]
    public async Task RoleThatMayNotDoThis_Is403Forbidden(string method, string path, string role)
    {
        var reply = await _api.SendAsync(new HttpMethod(method), path.Replace("{id}", Ids.New("dom")), role,
            body: method == "GET" ? null : new { }, unit: role == "unit" ? "91350100M000100Y43" : null);

        Assert.Equal(403, reply.Status);
        Assert.Equal("forbidden", reply.Code);
    }
}
