using Domains.Tests.Fixtures;

namespace Domains.Tests.Api;

[Collection(StackCollection.Name)]
public sealed class WebhookApiTests(StackFixture stack)
{
    private const string Secret = "webhook-api-secret-5f1c2a9e";
    private const string Unit = "91350100M000100Y43";

    private readonly ApiClient _api = new(stack);

    // Port 9 (discard) refuses at once; product-reviewed has no producer yet: these webhooks stay quiet.
    private static object Definition(string path = "notices", string[]? kinds = null, string secret = Secret) =>
        new { url = $"http://127.0.0.1:9/{path}", kinds = kinds ?? ["product-reviewed"], secret };

    [Fact]
    public async Task Put_NewWebhook_Is201WithLocation_AndGetShowsItsUrlKindsAndState_ButOnlyThatASecretIsSet()
    {
        var id = Ids.New("hook");

        var created = await _api.PutAsync($"/v1/webhooks/{id}", "authority", Definition(kinds: ["product-reviewed", "report-overdue"]));
        var read = await _api.GetAsync($"/v1/webhooks/{id}", "auditor");

        Assert.Equal(201, created.Status);
        Assert.Equal($"/v1/webhooks/{id}", created.Location);
        Assert.Equal("\"1\"", created.ETag);
        Assert.Equal(200, read.Status);
        Assert.Equal("\"1\"", read.ETag);
        Assert.Equal(id, read.Str("id"));
        Assert.Equal("active", read.Str("state"));
        Assert.Equal(1, read.Long("version"));
        Assert.Equal("http://127.0.0.1:9/notices", read.Str("url"));
        Assert.Equal(["product-reviewed", "report-overdue"], read.Json.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()));
        Assert.True(read.Json.GetProperty("secretSet").GetBoolean());
        Assert.False(read.Json.TryGetProperty("secret", out _));
        foreach (var field in new[] { "createdAt", "updatedAt" })
        {
            Assert.True(read.Json.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task Put_ExistingWebhook_Is200_ReplacingUrlAndKinds_AtTheNextVersion()
    {
        var id = Ids.New("hook");
        await _api.PutAsync($"/v1/webhooks/{id}", "authority", Definition());

        var updated = await _api.PutAsync($"/v1/webhooks/{id}", "authority", Definition("elsewhere", ["correction-ordered"], "another-secret-0123456789"));

        Assert.Equal(200, updated.Status);
        Assert.Equal("\"2\"", updated.ETag);
        Assert.Equal("http://127.0.0.1:9/elsewhere", updated.Str("url"));
        Assert.Equal(["correction-ordered"], updated.Json.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()));
    }

    [Fact]
    public async Task DisableThenEnable_MoveTheWebhookBetweenStates_EachAudited()
    {
        var id = Ids.New("hook");
        await _api.PutAsync($"/v1/webhooks/{id}", "authority", Definition());

        var disabled = await _api.PostAsync($"/v1/webhooks/{id}/disable", "authority", new { reason = "receiver migrating" });
        var again = await _api.PostAsync($"/v1/webhooks/{id}/disable", "authority");
        var enabled = await _api.PostAsync($"/v1/webhooks/{id}/enable", "authority");
        var audit = await _api.GetAsync($"/v1/audit?entity=webhook/{id}", "auditor");
        var verify = await _api.GetAsync($"/v1/audit/verify?entity=webhook/{id}", "auditor");

        Assert.Equal("disabled", disabled.Str("state"));
        Assert.Equal(200, again.Status);
        Assert.Equal(2, again.Long("version"));
        Assert.Equal("active", enabled.Str("state"));
        Assert.Equal(3, enabled.Long("version"));
        var events = audit.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["register", "disable", "enable"], events.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, events[0].GetProperty("fromState").ValueKind);
        Assert.Equal("receiver migrating", events[1].GetProperty("reason").GetString());
        Assert.True(verify.Json.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task EnableOfAnUnknownWebhook_Is404NotFound()
    {
        var reply = await _api.PostAsync($"/v1/webhooks/{Ids.New("hook")}/enable", "authority");

        Assert.Equal(404, reply.Status);
        Assert.Equal("not-found", reply.Code);
    }

    [Theory]
    [InlineData("{\"kinds\":[\"report-due\"],\"secret\":\"0123456789abcdef\"}", "url")]
    [InlineData("{\"url\":\"/relative/path\",\"kinds\":[\"report-due\"],\"secret\":\"0123456789abcdef\"}", "url")]
    [InlineData("{\"url\":\"ftp://example.org/x\",\"kinds\":[\"report-due\"],\"secret\":\"0123456789abcdef\"}", "url")]
    [InlineData("{\"url\":\"https://example.org/x\",\"secret\":\"0123456789abcdef\"}", "kinds")]
    [InlineData("{\"url\":\"https://example.org/x\",\"kinds\":[],\"secret\":\"0123456789abcdef\"}", "kinds")]
    [InlineData("{\"url\":\"https://example.org/x\",\"kinds\":[\"report-due\",\"no-such-kind\"],\"secret\":\"0123456789abcdef\"}", "kinds")]
    [InlineData("{\"url\":\"https://example.org/x\",\"kinds\":[null],\"secret\":\"0123456789abcdef\"}", "kinds")]
    [InlineData("{\"url\":\"https://example.org/x\",\"kinds\":\"report-due\",\"secret\":\"0123456789abcdef\"}", "kinds")]
    [InlineData("{\"url\":\"https://example.org/x\",\"kinds\":[\"report-due\"],\"secret\":\"0123456789abcde\"}", "secret")]
    [InlineData("{\"url\":\"https://example.org/x\",\"kinds\":[\"report-due\"]}", "secret")]
    public async Task InvalidBody_Is400ValidationFailed_NamingTheField_AndCreatesNothing(string raw, string field)
    {
        var id = Ids.New("hook");

        var reply = await _api.SendAsync(HttpMethod.Put, $"/v1/webhooks/{id}", "authority", rawBody: raw);

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
        Assert.Contains(reply.Json.GetProperty("errors").EnumerateObject(), e => e.Name.Contains(field, StringComparison.Ordinal));
        Assert.Equal(404, (await _api.GetAsync($"/v1/webhooks/{id}")).Status);
    }

    [Theory]
    [InlineData("http://hooks.example.org/notices")]
    [InlineData("https://127.0.0.1/notices")]
    [InlineData("https://localhost:8443/notices")]
    [InlineData("https://[::1]/notices")]
    [InlineData("https://[::ffff:127.0.0.1]/notices")]
    [InlineData("https://10.1.2.3/notices")]
    [InlineData("https://192.168.0.10/notices")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    public async Task Put_UnderTheDefaultPolicy_AnHttpOrInternalUrl_Is400ValidationFailedNamingUrl_AndCreatesNothing(string url)
    {
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var tokens = new Tokens(key);
        await using var api = await ApiHost.StartAsync(stack.Database.Api, stack.Cluster.Options.ClusterId, key,
            new Dictionary<string, string?> { ["Webhooks:AllowHttp"] = null, ["Webhooks:AllowPrivateAddresses"] = null },
            builder => builder.Environment.EnvironmentName = "Production");
        var client = new ApiClient(api.Http, tokens);
        var id = Ids.New("hook");

        var refused = await client.PutAsync($"/v1/webhooks/{id}", "authority", new { url, kinds = new[] { "product-reviewed" }, secret = Secret });
        var accepted = await client.PutAsync($"/v1/webhooks/{Ids.New("hook")}", "authority",
            new { url = "https://hooks.example.org/notices", kinds = new[] { "product-reviewed" }, secret = Secret });

        Assert.Equal(400, refused.Status);
        Assert.Equal("validation-failed", refused.Code);
        Assert.Equal(["url"], refused.Json.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(404, (await _api.GetAsync($"/v1/webhooks/{id}")).Status);
        Assert.Equal(201, accepted.Status);
    }

    [Fact]
    public async Task Deliveries_OfANewWebhook_AreAnEmptyPage_AndOfAnUnknownOne_Are404()
    {
        var id = Ids.New("hook");
        await _api.PutAsync($"/v1/webhooks/{id}", "authority", Definition());

        var empty = await _api.GetAsync($"/v1/webhooks/{id}/deliveries?limit=10&state=failed", "supervisor");
        var unknown = await _api.GetAsync($"/v1/webhooks/{Ids.New("hook")}/deliveries", "auditor");
        var badState = await _api.GetAsync($"/v1/webhooks/{id}/deliveries?state=lost", "authority");
        var badLimit = await _api.GetAsync($"/v1/webhooks/{id}/deliveries?limit=0", "authority");

        Assert.Equal(200, empty.Status);
        Assert.Equal(0, empty.Json.GetProperty("items").GetArrayLength());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, empty.Json.GetProperty("nextCursor").ValueKind);
        Assert.Equal(404, unknown.Status);
        Assert.Equal("not-found", unknown.Code);
        Assert.Equal("validation-failed", badState.Code);
        Assert.Equal("validation-failed", badLimit.Code);
    }

    [Theory]
    [InlineData("PUT", "")]
    [InlineData("GET", "")]
    [InlineData("GET", "/deliveries")]
    [InlineData("POST", "/disable")]
    public async Task RequestWithoutAToken_Is401Unauthorized(string method, string suffix)
    {
        var reply = await _api.SendAsync(new HttpMethod(method), $"/v1/webhooks/{Ids.New("hook")}{suffix}",
            body: method == "GET" ? null : Definition());

        Assert.Equal(401, reply.Status);
        Assert.Equal("unauthorized", reply.Code);
    }

    [Theory]
    [InlineData("PUT", "", "supervisor")]
    [InlineData("PUT", "", "unit")]
    [InlineData("PUT", "", "automation")]
    [InlineData("PUT", "", "auditor")]
    [InlineData("POST", "/disable", "supervisor")]
    [InlineData("POST", "/enable", "automation")]
    [InlineData("GET", "", "unit")]
    [InlineData("GET", "", "automation")]
    [InlineData("GET", "/deliveries", "unit")]
    [InlineData("GET", "/deliveries", "automation")]
    public async Task RoleThatMayNotDoThis_Is403Forbidden(string method, string suffix, string role)
    {
        var id = Ids.New("hook");
        await _api.PutAsync($"/v1/webhooks/{id}", "authority", Definition());

        var reply = await _api.SendAsync(new HttpMethod(method), $"/v1/webhooks/{id}{suffix}", role,
            body: method == "GET" ? null : Definition(), unit: role == "unit" ? Unit : null);

        Assert.Equal(403, reply.Status);
        Assert.Equal("forbidden", reply.Code);
    }

    [Fact]
    public async Task Secret_AppearsInNoResponseBody_OfAnyRoute()
    {
        var id = Ids.New("hook");
        const string other = "rotated-secret-a7d3e9b14c";

        var replies = new List<Reply>
        {
            await _api.SendAsync(HttpMethod.Put, $"/v1/webhooks/{id}", "authority", Definition(), idempotencyKey: "put-1"),
            await _api.SendAsync(HttpMethod.Put, $"/v1/webhooks/{id}", "authority", Definition(), idempotencyKey: "put-1"),
            await _api.PutAsync($"/v1/webhooks/{id}", "authority", Definition(secret: other)),
            await _api.PutAsync($"/v1/webhooks/{id}", "authority", new { url = "not a url", kinds = new[] { "report-due" }, secret = Secret }),
            await _api.PutAsync($"/v1/webhooks/{id}", "authority", new { url = "https://example.org/x", kinds = new[] { "report-due" }, secret = "tiny-secret-9" }),
            await _api.PutAsync($"/v1/webhooks/{id}", "authority", Definition(), ifMatch: "\"99\""),
            await _api.PostAsync($"/v1/webhooks/{id}/disable", "authority"),
            await _api.PostAsync($"/v1/webhooks/{id}/enable", "authority"),
            await _api.GetAsync($"/v1/webhooks/{id}", "supervisor"),
            await _api.GetAsync($"/v1/webhooks/{id}/deliveries", "auditor"),
            await _api.GetAsync($"/v1/audit?entity=webhook/{id}", "auditor"),
        };

        Assert.Equal([201, 201, 200, 400, 400, 412, 200, 200, 200, 200, 200], replies.Select(r => r.Status));
        Assert.All(replies, reply =>
        {
            Assert.DoesNotContain(Secret, reply.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(other, reply.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("tiny-secret-9", reply.Body, StringComparison.Ordinal);
        });
    }
}
