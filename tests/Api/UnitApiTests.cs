using System.Globalization;
using System.Text.Json;
using Domains.Tests.Fixtures;

namespace Domains.Tests.Api;

[Collection(StackCollection.Name)]
public sealed class UnitApiTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);

    private async Task<DateTimeOffset> NowAsync() =>
        DateTimeOffset.Parse((await _api.GetAsync("/v1/admin/clock", "auditor")).Str("now")!, CultureInfo.InvariantCulture);

    private async Task<string> RegisteredAsync(bool qualifying = false)
    {
        var uscc = Usccs.New();
        await _api.PutAsync($"/v1/units/{uscc}", "authority", Samples.UnitBody());
        if (qualifying) await _api.PutAsync($"/v1/units/{uscc}/security-profile", "authority", Samples.ProfileBody());
        return uscc;
    }

    private static string[] Unmet(Reply reply) =>
        reply.Json.GetProperty("qualification").GetProperty("unmet").EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public async Task UnitFlow_OverHttp_RegisterProfileIncident_WithQualificationAndETags()
    {
        var uscc = Usccs.New();
        var now = await NowAsync();

        var created = await _api.PutAsync($"/v1/units/{uscc}", "authority", Samples.UnitBody());
        var updated = await _api.PutAsync($"/v1/units/{uscc}", "authority", Samples.UnitBody("renamed"));
        var profiled = await _api.PutAsync($"/v1/units/{uscc}/security-profile", "authority", Samples.ProfileBody());
        var incident = await _api.PostAsync($"/v1/units/{uscc}/incidents", "supervisor", new { occurredAt = now.AddDays(-3), summary = "ransomware" });
        var read = await _api.GetAsync($"/v1/units/{uscc}", "auditor");

        Assert.Equal(201, created.Status);
        Assert.Equal($"/v1/units/{uscc}", created.Location);
        Assert.Equal("\"1\"", created.ETag);
        Assert.Equal("registered", created.Str("state"));
        Assert.False(created.Json.GetProperty("qualification").GetProperty("qualified").GetBoolean());
        Assert.Equal(["business-standing", "credit", "security-management-system", "mlps-level-3", "crypto-assessment", "data-management-maturity"], Unmet(created));
        Assert.Equal(200, updated.Status);
        Assert.Equal("renamed", updated.Str("name"));
        Assert.Equal(200, profiled.Status);
        Assert.Equal("qualified", profiled.Str("state"));
        Assert.True(profiled.Json.GetProperty("qualification").GetProperty("qualified").GetBoolean());
        Assert.Empty(Unmet(profiled));
        Assert.Equal(201, incident.Status);
        Assert.Equal("not-qualified", incident.Str("state"));
        Assert.Equal(["recent-incident"], Unmet(incident));
        Assert.Equal("\"4\"", incident.ETag);
        Assert.Equal(200, read.Status);
        Assert.Equal("\"4\"", read.ETag);
        Assert.Equal(uscc, read.Str("id"));
        Assert.Equal("ransomware", read.Json.GetProperty("incidents")[0].GetProperty("summary").GetString());
        Assert.Equal("Lin Wei", read.Json.GetProperty("principal").GetProperty("name").GetString());
        foreach (var field in new[] { "id", "state", "version", "createdAt", "updatedAt", "qualification" })
        {
            Assert.True(read.Json.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task SecurityProfile_EnumsAndFields_AreKebabAndCamelCase()
    {
        var uscc = await RegisteredAsync();

        var reply = await _api.PutAsync($"/v1/units/{uscc}/security-profile", "authority", Samples.ProfileBody(credit: "dishonest", maturity: 2));

        var profile = reply.Json.GetProperty("securityProfile");
        Assert.Equal("not-qualified", reply.Str("state"));
        Assert.Equal("dishonest", profile.GetProperty("credit").GetString());
        Assert.Equal("good", profile.GetProperty("businessStanding").GetString());
        Assert.True(profile.GetProperty("mlpsLevel3").GetBoolean());
        Assert.Equal(["credit", "data-management-maturity"], Unmet(reply));
    }

    [Fact]
    public async Task Unit_WithoutASecurityOfficer_IsRegistered_AndLacksSecurityOfficer()
    {
        var uscc = Usccs.New();

        var reply = await _api.PutAsync($"/v1/units/{uscc}", "authority", new { name = "n", principal = new { name = "p", title = "CEO" } });
        var profiled = await _api.PutAsync($"/v1/units/{uscc}/security-profile", "authority", Samples.ProfileBody());

        Assert.Equal(201, reply.Status);
        Assert.Equal(JsonValueKind.Null, reply.Json.GetProperty("securityOfficer").ValueKind);
        Assert.Contains("security-officer", Unmet(reply));
        Assert.Equal("not-qualified", profiled.Str("state"));
        Assert.Equal(["security-officer"], Unmet(profiled));
    }

    [Fact]
    public async Task Incident_ByTheAuthority_Is201_AndAnOldOneLeavesTheUnitQualified()
    {
        var uscc = await RegisteredAsync(qualifying: true);
        var now = await NowAsync();

        var reply = await _api.PostAsync($"/v1/units/{uscc}/incidents", "authority", new { occurredAt = now.AddYears(-4), summary = "old" });

        Assert.Equal(201, reply.Status);
        Assert.Equal("qualified", reply.Str("state"));
    }

    [Fact]
    public async Task Incident_WithTheSameIdempotencyKeyAndBody_IsRecordedOnce()
    {
        var uscc = await RegisteredAsync(qualifying: true);
        var body = new { occurredAt = (await NowAsync()).AddDays(-1), summary = "leak" };

        var first = await _api.PostAsync($"/v1/units/{uscc}/incidents", "supervisor", body, idempotencyKey: "inc-1");
        var replay = await _api.PostAsync($"/v1/units/{uscc}/incidents", "supervisor", body, idempotencyKey: "inc-1");
        var read = await _api.GetAsync($"/v1/units/{uscc}");

        Assert.Equal(201, first.Status);
        Assert.Equal(201, replay.Status);
        Assert.Equal(first.Body, replay.Body);
        Assert.Equal(1, read.Json.GetProperty("incidents").GetArrayLength());
        Assert.Equal(3, read.Long("version"));
    }

    [Fact]
    public async Task Incident_WithAnotherSupervisorsIdempotencyKey_IsAFreshRequest()
    {
        var uscc = await RegisteredAsync(qualifying: true);
        var now = await NowAsync();
        var first = new { occurredAt = now.AddDays(-1), summary = "leak" };
        var second = new { occurredAt = now.AddDays(-2), summary = "phishing" };

        var mine = await _api.SendAsync(HttpMethod.Post, $"/v1/units/{uscc}/incidents", body: first, idempotencyKey: "shared-1",
            token: stack.Tokens.Issue("supervisor", subject: "supervisor-a"));
        var sameBody = await _api.SendAsync(HttpMethod.Post, $"/v1/units/{uscc}/incidents", body: first, idempotencyKey: "shared-1",
            token: stack.Tokens.Issue("supervisor", subject: "supervisor-b"));
        var otherBody = await _api.SendAsync(HttpMethod.Post, $"/v1/units/{uscc}/incidents", body: second, idempotencyKey: "shared-1",
            token: stack.Tokens.Issue("supervisor", subject: "supervisor-c"));
        var read = await _api.GetAsync($"/v1/units/{uscc}");

        Assert.Equal(201, mine.Status);
        Assert.Equal(201, sameBody.Status);
        Assert.Equal(201, otherBody.Status);
        Assert.Equal(3, read.Json.GetProperty("incidents").GetArrayLength());
        Assert.Equal(5, read.Long("version"));
    }

    [Fact]
    public async Task Incident_ReplayedBySameSupervisor_AfterAnotherUsedTheKey_GetsItsOwnAnswer()
    {
        var uscc = await RegisteredAsync(qualifying: true);
        var now = await NowAsync();
        var mineBody = new { occurredAt = now.AddDays(-1), summary = "leak" };
        var mine = stack.Tokens.Issue("supervisor", subject: "supervisor-a");

        var first = await _api.SendAsync(HttpMethod.Post, $"/v1/units/{uscc}/incidents", body: mineBody, idempotencyKey: "shared-2", token: mine);
        await _api.SendAsync(HttpMethod.Post, $"/v1/units/{uscc}/incidents", body: new { occurredAt = now.AddDays(-2), summary = "other" },
            idempotencyKey: "shared-2", token: stack.Tokens.Issue("supervisor", subject: "supervisor-b"));
        var replay = await _api.SendAsync(HttpMethod.Post, $"/v1/units/{uscc}/incidents", body: mineBody, idempotencyKey: "shared-2", token: mine);
        var reused = await _api.SendAsync(HttpMethod.Post, $"/v1/units/{uscc}/incidents", body: new { occurredAt = now.AddDays(-3), summary = "x" },
            idempotencyKey: "shared-2", token: mine);

        Assert.Equal(201, replay.Status);
        Assert.Equal(first.Body, replay.Body);
        Assert.Equal(422, reused.Status);
        Assert.Equal("idempotency-key-reused", reused.Code);
    }

    [Fact]
    public async Task IfMatch_WithAStaleVersion_Is412()
    {
        var uscc = await RegisteredAsync();

        var stale = await _api.PutAsync($"/v1/units/{uscc}/security-profile", "authority", Samples.ProfileBody(), ifMatch: "\"7\"");
        var current = await _api.PutAsync($"/v1/units/{uscc}/security-profile", "authority", Samples.ProfileBody(), ifMatch: "\"1\"");

        Assert.Equal(412, stale.Status);
        Assert.Equal("version-mismatch", stale.Code);
        Assert.Equal(200, current.Status);
    }

    [Fact]
    public async Task Unit_ReadingItsOwn_Is200_AndAnotherUnits_Is404()
    {
        var mine = await RegisteredAsync();
        var theirs = await RegisteredAsync();

        var own = await _api.GetAsync($"/v1/units/{mine}", "unit", unit: mine);
        var other = await _api.GetAsync($"/v1/units/{theirs}", "unit", unit: mine);
        var supervisor = await _api.GetAsync($"/v1/units/{theirs}", "supervisor");

        Assert.Equal(200, own.Status);
        Assert.Equal(mine, own.Str("id"));
        Assert.Equal(404, other.Status);
        Assert.Equal("not-found", other.Code);
        Assert.Equal(200, supervisor.Status);
    }

    [Fact]
    public async Task UnknownUnit_Is404_ForReadsAndCommands()
    {
        var uscc = Usccs.New();

        var read = await _api.GetAsync($"/v1/units/{uscc}");
        var profile = await _api.PutAsync($"/v1/units/{uscc}/security-profile", "authority", Samples.ProfileBody());
        var incident = await _api.PostAsync($"/v1/units/{uscc}/incidents", "supervisor", new { occurredAt = "2020-01-01T00:00:00Z", summary = "x" });

        Assert.Equal(404, read.Status);
        Assert.Equal(404, profile.Status);
        Assert.Equal("not-found", incident.Code);
    }

    public static TheoryData<string, string> RoutesWithABadUscc()
    {
        var valid = Usccs.New();
        var wrongCheck = valid[..17] + "0123456789ABCDEFGHJKLMNPQRTUWXY".First(c => c != valid[17]);
        var data = new TheoryData<string, string>();
        foreach (var uscc in new[] { "91350100M000100Y4", "91350100M000100Y433", wrongCheck, "91350100m000100y43", "9135010OM000100Y43", "not-a-code" })
        {
            data.Add("PUT", $"/v1/units/{uscc}");
            data.Add("PUT", $"/v1/units/{uscc}/security-profile");
            data.Add("POST", $"/v1/units/{uscc}/incidents");
            data.Add("GET", $"/v1/units/{uscc}");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RoutesWithABadUscc))]
    public async Task BadUscc_Is400InvalidUscc(string method, string path)
    {
        var body = path.EndsWith("incidents", StringComparison.Ordinal) ? new { occurredAt = "2020-01-01T00:00:00Z", summary = "x" }
            : path.EndsWith("profile", StringComparison.Ordinal) ? Samples.ProfileBody() : Samples.UnitBody();

        var reply = await _api.SendAsync(new HttpMethod(method), path, "authority", method == "GET" ? null : body);

        Assert.Equal(400, reply.Status);
        Assert.Equal("invalid-uscc", reply.Code);
    }

    [Theory]
    [InlineData("{}", "name")]
    [InlineData("{\"name\":\"n\"}", "principal")]
    [InlineData("{\"name\":\"n\",\"principal\":{\"name\":\"p\"}}", "principal.title")]
    [InlineData("{\"name\":\"n\",\"principal\":{\"name\":\"p\",\"title\":\"t\"},\"securityOfficer\":{\"name\":\"o\"}}", "securityOfficer.department")]
    [InlineData("{\"name\":7,\"principal\":{\"name\":\"p\",\"title\":\"t\"}}", "name")]
    public async Task PutUnit_WithAnInvalidBody_Is400ValidationFailed(string raw, string field)
    {
        var uscc = Usccs.New();

        var reply = await _api.SendAsync(HttpMethod.Put, $"/v1/units/{uscc}", "authority", rawBody: raw);

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
        Assert.Contains(reply.Json.GetProperty("errors").EnumerateObject(), e => e.Name.Contains(field, StringComparison.Ordinal));
        Assert.Equal(404, (await _api.GetAsync($"/v1/units/{uscc}")).Status);
    }

    [Theory]
    [InlineData("{\"businessStanding\":\"good\"}", "credit")]
    [InlineData("{\"businessStanding\":\"excellent\",\"credit\":\"good\",\"securityManagementSystem\":true,\"mlpsLevel3\":true,\"cryptoAssessment\":true,\"dataManagementMaturity\":3}", "businessStanding")]
    [InlineData("{\"businessStanding\":\"good\",\"credit\":\"good\",\"securityManagementSystem\":true,\"mlpsLevel3\":true,\"cryptoAssessment\":true,\"dataManagementMaturity\":6}", "dataManagementMaturity")]
    [InlineData("{\"businessStanding\":\"good\",\"credit\":\"good\",\"securityManagementSystem\":true,\"mlpsLevel3\":true,\"cryptoAssessment\":true,\"dataManagementMaturity\":0}", "dataManagementMaturity")]
    [InlineData("{\"businessStanding\":\"good\",\"credit\":\"good\",\"securityManagementSystem\":true,\"mlpsLevel3\":true,\"cryptoAssessment\":true,\"dataManagementMaturity\":3,\"incidents\":[{\"summary\":\"s\"}]}", "incidents[0].occurredAt")]
    [InlineData("{\"businessStanding\":\"good\",\"credit\":\"good\",\"securityManagementSystem\":\"yes\",\"mlpsLevel3\":true,\"cryptoAssessment\":true,\"dataManagementMaturity\":3}", "securityManagementSystem")]
    public async Task PutSecurityProfile_WithAnInvalidBody_Is400ValidationFailed(string raw, string field)
    {
        var uscc = await RegisteredAsync();

        var reply = await _api.SendAsync(HttpMethod.Put, $"/v1/units/{uscc}/security-profile", "authority", rawBody: raw);

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
        Assert.Contains(reply.Json.GetProperty("errors").EnumerateObject(), e => e.Name.Contains(field, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{}", "occurredAt")]
    [InlineData("{\"occurredAt\":\"2020-01-01T00:00:00Z\"}", "summary")]
    [InlineData("{\"occurredAt\":\"yesterday\",\"summary\":\"s\"}", "occurredAt")]
    public async Task PostIncident_WithAnInvalidBody_Is400ValidationFailed(string raw, string field)
    {
        var uscc = await RegisteredAsync();

        var reply = await _api.SendAsync(HttpMethod.Post, $"/v1/units/{uscc}/incidents", "supervisor", rawBody: raw);

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
        Assert.Contains(reply.Json.GetProperty("errors").EnumerateObject(), e => e.Name.Contains(field, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostIncident_AfterTheControllersClock_Is400ValidationFailed()
    {
        var uscc = await RegisteredAsync(qualifying: true);

        var reply = await _api.PostAsync($"/v1/units/{uscc}/incidents", "supervisor", new { occurredAt = (await NowAsync()).AddDays(2), summary = "s" });

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
        Assert.Equal("qualified", (await _api.GetAsync($"/v1/units/{uscc}")).Str("state"));
    }

    [Theory]
    [InlineData("PUT", "/v1/units/{uscc}", "supervisor")]
    [InlineData("PUT", "/v1/units/{uscc}", "unit")]
    [InlineData("PUT", "/v1/units/{uscc}", "automation")]
    [InlineData("PUT", "/v1/units/{uscc}", "auditor")]
    [InlineData("PUT", "/v1/units/{uscc}/security-profile", "supervisor")]
    [InlineData("PUT", "/v1/units/{uscc}/security-profile", "unit")]
    [InlineData("PUT", "/v1/units/{uscc}/security-profile", "automation")]
    [InlineData("PUT", "/v1/units/{uscc}/security-profile", "auditor")]
    [InlineData("POST", "/v1/units/{uscc}/incidents", "unit")]
    [InlineData("POST", "/v1/units/{uscc}/incidents", "automation")]
    [InlineData("POST", "/v1/units/{uscc}/incidents", "auditor")]
    [InlineData("GET", "/v1/units/{uscc}", "automation")]
    public async Task RoleThatMayNotDoThis_Is403Forbidden(string method, string path, string role)
    {
        var uscc = await RegisteredAsync();

        var reply = await _api.SendAsync(new HttpMethod(method), path.Replace("{uscc}", uscc, StringComparison.Ordinal), role,
            body: method == "GET" ? null : new { }, unit: role == "unit" ? uscc : null);

        Assert.Equal(403, reply.Status);
        Assert.Equal("forbidden", reply.Code);
    }

    [Theory]
    [InlineData("PUT", "/v1/units/{uscc}")]
    [InlineData("PUT", "/v1/units/{uscc}/security-profile")]
    [InlineData("POST", "/v1/units/{uscc}/incidents")]
    [InlineData("GET", "/v1/units/{uscc}")]
    public async Task RequestWithoutAToken_Is401Unauthorized(string method, string path)
    {
        var uscc = await RegisteredAsync();

        var reply = await _api.SendAsync(new HttpMethod(method), path.Replace("{uscc}", uscc, StringComparison.Ordinal), body: method == "GET" ? null : new { });

        Assert.Equal(401, reply.Status);
        Assert.Equal("unauthorized", reply.Code);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheUnitRoutes()
    {
        var paths = (await _api.GetAsync("/openapi/v1.json", role: null)).Json.GetProperty("paths");

        Assert.True(paths.TryGetProperty("/v1/units/{uscc}", out _));
        Assert.True(paths.TryGetProperty("/v1/units/{uscc}/security-profile", out _));
        Assert.True(paths.TryGetProperty("/v1/units/{uscc}/incidents", out _));
    }
}
