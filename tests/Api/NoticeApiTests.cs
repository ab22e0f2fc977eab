using System.Globalization;
using System.Text.Json;
using Domains.Tests.Fixtures;

namespace Domains.Tests.Api;

[Collection(StackCollection.Name)]
public sealed class NoticeApiTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);

    private async Task<DateTimeOffset> NowAsync() =>
        DateTimeOffset.Parse((await _api.GetAsync("/v1/admin/clock", "auditor")).Str("now")!, CultureInfo.InvariantCulture);

    private async Task<string> DraftAsync()
    {
        var id = Ids.New("ntc");
        await _api.PutAsync($"/v1/notices/{id}", "authority", Samples.NoticeBody(await NowAsync()));
        return id;
    }

    /// <summary>Every item of the public list, following its cursors.</summary>
    private async Task<List<JsonElement>> PublicNoticesAsync(int limit = 500)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var reply = await _api.GetAsync($"/v1/public/notices?limit={limit}" + (cursor is null ? "" : $"&cursor={cursor}"), role: null);
            Assert.Equal(200, reply.Status);
            items.AddRange(reply.Json.GetProperty("items").EnumerateArray());
            cursor = reply.Json.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return items;
    }

    [Fact]
    public async Task NoticeFlow_OverHttp_DefineRedefinePublishWithdraw_WithETags()
    {
        var id = Ids.New("ntc");
        var now = await NowAsync();

        var created = await _api.PutAsync($"/v1/notices/{id}", "authority", Samples.NoticeBody(now));
        var redefined = await _api.PutAsync($"/v1/notices/{id}", "authority", Samples.NoticeBody(now, title: "Health data, second call", quota: null));
        var published = await _api.PostAsync($"/v1/notices/{id}/publish", "authority");
        var read = await _api.GetAsync($"/v1/notices/{id}", "unit", unit: Usccs.New());
        var withdrawn = await _api.PostAsync($"/v1/notices/{id}/withdraw", "authority", new { reason = "merged into another call" });

        Assert.Equal(201, created.Status);
        Assert.Equal($"/v1/notices/{id}", created.Location);
        Assert.Equal("\"1\"", created.ETag);
        Assert.Equal("draft", created.Str("state"));
        Assert.Equal("city", created.Json.GetProperty("region").GetProperty("level").GetString());
        Assert.Equal(3, created.Json.GetProperty("quota").GetInt32());
        Assert.Equal(200, redefined.Status);
        Assert.Equal("Health data, second call", redefined.Str("title"));
        Assert.Equal(JsonValueKind.Null, redefined.Json.GetProperty("quota").ValueKind);
        Assert.Equal(200, published.Status);
        Assert.Equal("published", published.Str("state"));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$", published.Str("publishedAt"));
        Assert.Equal(200, read.Status);
        Assert.Equal("\"3\"", read.ETag);
        Assert.Equal(0, read.Json.GetProperty("approvedCount").GetInt32());
        Assert.Equal(200, withdrawn.Status);
        Assert.Equal("withdrawn", withdrawn.Str("state"));
        foreach (var field in new[] { "id", "state", "version", "createdAt", "updatedAt" })
        {
            Assert.True(read.Json.TryGetProperty(field, out _), field);
        }
        var audit = await _api.GetAsync($"/v1/audit?entity=notice/{id}", "auditor");
        Assert.Equal("merged into another call", audit.Json.GetProperty("items")[3].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task PutNotice_AfterPublish_Is409InvalidTransition_NamingTheState()
    {
        var id = await DraftAsync();
        await _api.PostAsync($"/v1/notices/{id}/publish", "authority");

        var reply = await _api.PutAsync($"/v1/notices/{id}", "authority", Samples.NoticeBody(await NowAsync(), title: "changed"));

        Assert.Equal(409, reply.Status);
        Assert.Equal("invalid-transition", reply.Code);
        Assert.Contains("published", reply.Str("detail"));
    }

    [Fact]
    public async Task PublishTwice_IsInvalidTransition_TheSecondTime()
    {
        var id = await DraftAsync();

        var first = await _api.PostAsync($"/v1/notices/{id}/publish", "authority");
        var second = await _api.PostAsync($"/v1/notices/{id}/publish", "authority");

        Assert.Equal(200, first.Status);
        Assert.Equal(409, second.Status);
        Assert.Equal("invalid-transition", second.Code);
    }

    [Fact]
    public async Task Publish_WithTheSameIdempotencyKey_ReplaysTheFirstResponse()
    {
        var id = await DraftAsync();

        var first = await _api.PostAsync($"/v1/notices/{id}/publish", "authority", idempotencyKey: "pub-1");
        var replay = await _api.PostAsync($"/v1/notices/{id}/publish", "authority", idempotencyKey: "pub-1");

        Assert.Equal(200, replay.Status);
        Assert.Equal(first.Body, replay.Body);
        Assert.Equal(first.ETag, replay.ETag);
    }

    [Fact]
    public async Task PublicNotices_WithoutAToken_ShowAPublishedNotice_AndNotADraft()
    {
        var draft = await DraftAsync();
        var published = await DraftAsync();
        await _api.PostAsync($"/v1/notices/{published}/publish", "authority");

        var items = await PublicNoticesAsync();

        var shown = Assert.Single(items, i => i.GetProperty("id").GetString() == published);
        Assert.Equal("published", shown.GetProperty("state").GetString());
        Assert.Equal("healthcare", shown.GetProperty("field").GetString());
        Assert.DoesNotContain(items, i => i.GetProperty("id").GetString() == draft);
        Assert.All(items, i => Assert.Equal("published", i.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task PublicNotices_AfterWithdrawal_NoLongerShowTheNotice()
    {
        var id = await DraftAsync();
        await _api.PostAsync($"/v1/notices/{id}/publish", "authority");
        await _api.PostAsync($"/v1/notices/{id}/withdraw", "authority");

        var items = await PublicNoticesAsync();

        Assert.DoesNotContain(items, i => i.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task PublicNotices_PageByCursor_WithoutRepeatsOrGaps()
    {
        foreach (var _ in Enumerable.Range(0, 3))
        {
            await _api.PostAsync($"/v1/notices/{await DraftAsync()}/publish", "authority");
        }

        var all = (await PublicNoticesAsync()).Select(i => i.GetProperty("id").GetString()).ToList();
        var paged = (await PublicNoticesAsync(limit: 1)).Select(i => i.GetProperty("id").GetString()).ToList();

        Assert.True(all.Count >= 3);
        Assert.Equal(all, paged);
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=501")]
    [InlineData("?cursor=not%20a%20cursor")]
    public async Task PublicNotices_WithABadQuery_Is400ValidationFailed(string query)
    {
        var reply = await _api.GetAsync($"/v1/public/notices{query}", role: null);

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
    }

    public static TheoryData<string, string> InvalidBodies()
    {
        const string window = "\"opensAt\":\"2030-01-01T00:00:00Z\",\"closesAt\":\"2030-02-01T00:00:00Z\"";
        const string region = "\"region\":{\"level\":\"city\",\"code\":\"350100\"}";
        return new TheoryData<string, string>
        {
            { $"{{\"field\":\"f\",{region},{window},\"domainId\":\"dom-1\"}}", "title" },
            { $"{{\"title\":\"t\",{region},{window},\"domainId\":\"dom-1\"}}", "field" },
            { $"{{\"title\":\"t\",\"field\":\"f\",{window},\"domainId\":\"dom-1\"}}", "region" },
            { $"{{\"title\":\"t\",\"field\":\"f\",\"region\":{{\"level\":\"planet\",\"code\":\"1\"}},{window},\"domainId\":\"dom-1\"}}", "region.level" },
            { $"{{\"title\":\"t\",\"field\":\"f\",\"region\":{{\"level\":\"county\"}},{window},\"domainId\":\"dom-1\"}}", "region.code" },
            { $"{{\"title\":\"t\",\"field\":\"f\",{region},\"quota\":0,{window},\"domainId\":\"dom-1\"}}", "quota" },
            { $"{{\"title\":\"t\",\"field\":\"f\",{region},\"opensAt\":\"2030-02-01T00:00:00Z\",\"closesAt\":\"2030-02-01T00:00:00Z\",\"domainId\":\"dom-1\"}}", "closesAt" },
            { $"{{\"title\":\"t\",\"field\":\"f\",{region},\"closesAt\":\"2030-02-01T00:00:00Z\",\"domainId\":\"dom-1\"}}", "opensAt" },
            { $"{{\"title\":\"t\",\"field\":\"f\",{region},{window},\"domainId\":\"not a domain!\"}}", "domainId" },
            { $"{{\"title\":\"t\",\"field\":\"f\",{region},{window}}}", "domainId" },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task PutNotice_WithAnInvalidBody_Is400ValidationFailed_NamingTheField(string raw, string field)
    {
        var id = Ids.New("ntc");

        var reply = await _api.SendAsync(HttpMethod.Put, $"/v1/notices/{id}", "authority", rawBody: raw);

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
        Assert.Contains(reply.Json.GetProperty("errors").EnumerateObject(), e => e.Name.Contains(field, StringComparison.Ordinal));
        Assert.Equal(404, (await _api.GetAsync($"/v1/notices/{id}")).Status);
    }

    [Fact]
    public async Task PutNotice_WithAnInvalidId_Is400ValidationFailed()
    {
        var reply = await _api.PutAsync("/v1/notices/bad%20id", "authority", Samples.NoticeBody(await NowAsync()));

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
    }

    [Fact]
    public async Task UnknownNotice_Is404_ForReadsAndCommands()
    {
        var read = await _api.GetAsync($"/v1/notices/{Ids.New("ntc")}");
        var publish = await _api.PostAsync($"/v1/notices/{Ids.New("ntc")}/publish", "authority");

        Assert.Equal(404, read.Status);
        Assert.Equal("not-found", read.Code);
        Assert.Equal(404, publish.Status);
    }

    [Theory]
    [InlineData("PUT", "/v1/notices/{id}", "supervisor")]
    [InlineData("PUT", "/v1/notices/{id}", "unit")]
    [InlineData("PUT", "/v1/notices/{id}", "automation")]
    [InlineData("PUT", "/v1/notices/{id}", "auditor")]
    [InlineData("POST", "/v1/notices/{id}/publish", "supervisor")]
    [InlineData("POST", "/v1/notices/{id}/publish", "unit")]
    [InlineData("POST", "/v1/notices/{id}/withdraw", "auditor")]
    [InlineData("POST", "/v1/notices/{id}/withdraw", "automation")]
    public async Task RoleThatMayNotDoThis_Is403Forbidden(string method, string path, string role)
    {
        var id = await DraftAsync();

        var reply = await _api.SendAsync(new HttpMethod(method), path.Replace("{id}", id, StringComparison.Ordinal), role,
            body: new { }, unit: role == "unit" ? Usccs.New() : null);

        Assert.Equal(403, reply.Status);
        Assert.Equal("forbidden", reply.Code);
        Assert.Equal("draft", (await _api.GetAsync($"/v1/notices/{id}")).Str("state"));
    }

    [Theory]
    [InlineData("PUT", "/v1/notices/{id}")]
    [InlineData("POST", "/v1/notices/{id}/publish")]
    [InlineData("POST", "/v1/notices/{id}/withdraw")]
    [InlineData("GET", "/v1/notices/{id}")]
    public async Task RequestWithoutAToken_Is401Unauthorized(string method, string path)
    {
        var id = await DraftAsync();

        var reply = await _api.SendAsync(new HttpMethod(method), path.Replace("{id}", id, StringComparison.Ordinal), body: method == "GET" ? null : new { });

        Assert.Equal(401, reply.Status);
        Assert.Equal("unauthorized", reply.Code);
    }

    [Theory]
    [InlineData("authority")]
    [InlineData("supervisor")]
    [InlineData("automation")]
    [InlineData("unit")]
    [InlineData("auditor")]
    public async Task GetNotice_ByAnyAuthenticatedRole_Is200(string role)
    {
        var id = await DraftAsync();

        var reply = await _api.GetAsync($"/v1/notices/{id}", role, unit: role == "unit" ? Usccs.New() : null);

        Assert.Equal(200, reply.Status);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheNoticeRoutes()
    {
        var paths = (await _api.GetAsync("/openapi/v1.json", role: null)).Json.GetProperty("paths");

        Assert.True(paths.TryGetProperty("/v1/notices/{id}", out _));
        Assert.True(paths.TryGetProperty("/v1/notices/{id}/publish", out _));
        Assert.True(paths.TryGetProperty("/v1/public/notices", out _));
    }
}
