using System.Globalization;
using System.Text.Json;
using Domains.Tests.Fixtures;

namespace Domains.Tests.Api;

/// <summary>API.md "Lists for people and tools": every kind lists, filtered, paged, newest first; a unit sees its own.</summary>
[Collection(StackCollection.Name)]
public sealed class ListApiTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);

    private Scenarios World => new(_api);

    private static List<string> Ids(IEnumerable<JsonElement> items) => items.Select(i => i.GetProperty("id").GetString()!).ToList();

    /// <summary>Newest first: createdAt never increases down the list (ties broken by id, descending).</summary>
    private static void AssertNewestFirst(IReadOnlyList<JsonElement> items)
    {
        var keys = items.Select(i => (At: DateTimeOffset.Parse(i.GetProperty("createdAt").GetString()!, CultureInfo.InvariantCulture), Id: i.GetProperty("id").GetString()!)).ToList();
        for (var n = 1; n < keys.Count; n++)
        {
            Assert.True(keys[n - 1].At > keys[n].At || (keys[n - 1].At == keys[n].At && string.CompareOrdinal(keys[n - 1].Id, keys[n].Id) > 0),
                $"{keys[n - 1]} before {keys[n]}");
        }
    }

    [Fact]
    public async Task Authorizations_FilteredByNotice_ListNewestFirst_PageByPageWithoutRepeats()
    {
        var domain = await World.OperationalDomainAsync();
        var notice = await World.OpenNoticeAsync(domain);
        var made = new List<string>();
        for (var n = 0; n < 3; n++)
        {
            made.Add(await World.AuthorizationAsync("submitted", noticeId: notice));
            await World.AdvanceToAsync((await World.NowAsync()).AddSeconds(1));
        }

        var first = await _api.GetAsync($"/v1/authorizations?noticeId={notice}&limit=2", "supervisor");
        var second = await _api.GetAsync($"/v1/authorizations?noticeId={notice}&limit=2&cursor={first.Json.GetProperty("nextCursor").GetString()}", "supervisor");
        var byDomain = await _api.ListAllAsync($"/v1/authorizations?domainId={domain}&state=submitted", "auditor");
        var otherDomain = await _api.GetAsync($"/v1/authorizations?domainId={await World.OperationalDomainAsync()}", "auditor");

        Assert.Equal(made.AsEnumerable().Reverse().Take(2), Ids(first.Json.GetProperty("items").EnumerateArray()));
        Assert.Equal([made[0]], Ids(second.Json.GetProperty("items").EnumerateArray()));
        Assert.Equal(JsonValueKind.Null, second.Json.GetProperty("nextCursor").ValueKind);
        Assert.Equal(made.AsEnumerable().Reverse(), Ids(byDomain));
        Assert.Empty(otherDomain.Json.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Workspaces_FilteredByDomainUnitAndEnforcement_AndAUnitListsOnlyItsOwn()
    {
        var domain = await World.OperationalDomainAsync();
        var notice = await World.OpenNoticeAsync(domain);
        var owner = await World.QualifiedUnitAsync();
        var other = await World.QualifiedUnitAsync();
        var mine = await World.AuthorizationAsync("active", uscc: owner, noticeId: notice);
        var theirs = await World.AuthorizationAsync("active", uscc: other, noticeId: notice);

        var all = await _api.ListAllAsync($"/v1/workspaces?domainId={domain}", "supervisor");
        var ofOwner = await _api.ListAllAsync($"/v1/workspaces?domainId={domain}&unitId={owner}", "authority");
        var asOwner = await _api.GetAsync($"/v1/workspaces?domainId={domain}", "unit", owner);
        var asOwnerNamingOther = await _api.GetAsync($"/v1/workspaces?unitId={other}", "unit", owner);
        var enforcement = all.Single(w => w.GetProperty("id").GetString() == mine).GetProperty("enforcement").GetString();
        var sameEnforcement = await _api.ListAllAsync($"/v1/workspaces?domainId={domain}&enforcement={enforcement}", "supervisor");
        var otherEnforcement = await _api.ListAllAsync($"/v1/workspaces?domainId={domain}&enforcement={(enforcement == "applied" ? "pending" : "applied")}", "supervisor");

        Assert.Equal(new[] { mine, theirs }.Order(), Ids(all).Order());
        AssertNewestFirst(all);
        Assert.Equal([mine], Ids(ofOwner));
        Assert.Equal([mine], Ids(asOwner.Json.GetProperty("items").EnumerateArray()));
        Assert.Equal(404, asOwnerNamingOther.Status);
        Assert.Contains(mine, Ids(sameEnforcement));
        Assert.DoesNotContain(mine, Ids(otherEnforcement));
    }

    [Fact]
    public async Task Units_FilteredByQualified_AndAUnitListsOnlyItself()
    {
        var qualified = await World.QualifiedUnitAsync();
        var unqualified = Scenarios.NewUscc();
        await _api.PutAsync($"/v1/units/{unqualified}", "authority", new
        {
            name = "Unchecked Co.",
            principal = new { name = "Wu", title = "CEO" },
            securityOfficer = new { name = "Li", department = "IT" },
        });

        var yes = await _api.ListAllAsync("/v1/units?qualified=true", "supervisor");
        var no = await _api.ListAllAsync("/v1/units?qualified=false", "auditor");
        var asUnit = await _api.GetAsync("/v1/units", "unit", qualified);
        var automation = await _api.GetAsync("/v1/units", "automation");

        Assert.Contains(qualified, Ids(yes));
        Assert.DoesNotContain(unqualified, Ids(yes));
        Assert.Contains(unqualified, Ids(no));
        AssertNewestFirst(yes);
        Assert.Equal([qualified], Ids(asUnit.Json.GetProperty("items").EnumerateArray()));
        Assert.Equal(403, automation.Status);
    }

    [Fact]
    public async Task DomainsNoticesAndWebhooks_List_WithTheirStateFilters()
    {
        var planned = Fixtures.Ids.New("dom");
        await _api.PutAsync($"/v1/domains/{planned}", "authority", new { name = "Xiamen", level = "city", regionCode = "350200", standardVersion = "v1" });
        var operational = await World.OperationalDomainAsync();
        var notice = await World.OpenNoticeAsync(operational);
        var hook = Fixtures.Ids.New("hook");
        await _api.PutAsync($"/v1/webhooks/{hook}", "authority", new { url = "http://127.0.0.1:9/n", kinds = new[] { "product-reviewed" }, secret = "a-secret-of-enough-length-0123" });

        var plannedDomains = Ids(await _api.ListAllAsync("/v1/domains?state=planned", "automation"));
        var operationalDomains = Ids(await _api.ListAllAsync("/v1/domains?state=operational", "automation"));
        var notices = await _api.ListAllAsync($"/v1/notices?state=published&domainId={operational}", "auditor");
        var hooks = await _api.ListAllAsync("/v1/webhooks", "auditor");

        Assert.Contains(planned, plannedDomains);
        Assert.DoesNotContain(operational, plannedDomains);
        Assert.Contains(operational, operationalDomains);
        Assert.Equal([notice], Ids(notices));
        Assert.Contains(hook, Ids(hooks));
        Assert.False(hooks.Single(h => h.GetProperty("id").GetString() == hook).TryGetProperty("secret", out _));
        AssertNewestFirst(hooks);
    }

    [Fact]
    public async Task Products_FilteredByAuthorization_AndAnotherUnitSeesNone()
    {
        var owner = await World.QualifiedUnitAsync();
        var authorization = await World.AuthorizationAsync("active", uscc: owner);
        var submitted = await _api.PostAsync($"/v1/authorizations/{authorization}/products", "unit", new
        {
            name = "District visit index",
            description = "visits per district per week",
            datasetsUsed = new[] { "ds-hospital-visits" },
            personalInfo = false,
            tradeSecrets = false,
            protection = (object?)null,
            pricing = new { model = "subscription", amount = 100, currency = "CNY" },
        }, unit: owner);
        Assert.Equal(201, submitted.Status);

        var byAuthorization = await _api.ListAllAsync($"/v1/products?authorizationId={authorization}", "authority");
        var asOwner = await _api.GetAsync($"/v1/products?authorizationId={authorization}", "unit", owner);
        var asOther = await _api.GetAsync($"/v1/products?authorizationId={authorization}", "unit", Scenarios.NewUscc());

        Assert.Equal([submitted.Str("id")!], Ids(byAuthorization));
        Assert.Equal([submitted.Str("id")!], Ids(asOwner.Json.GetProperty("items").EnumerateArray()));
        Assert.Empty(asOther.Json.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("/v1/domains?state=bogus")]
    [InlineData("/v1/units?qualified=maybe")]
    [InlineData("/v1/workspaces?enforcement=later")]
    [InlineData("/v1/authorizations?cursor=not-a-cursor")]
    [InlineData("/v1/products?limit=501")]
    [InlineData("/v1/webhooks?limit=0")]
    [InlineData("/v1/notices?domainId=%20x")]
    [InlineData("/v1/audit/export?format=xml")]
    [InlineData("/v1/audit/export?entityType=planet")]
    [InlineData("/v1/audit/export?from=yesterday")]
    public async Task List_WithABadFilter_Is400ValidationFailed(string path)
    {
        var reply = await _api.GetAsync(path, "authority");

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
    }

    [Fact]
    public async Task AuditExport_Ndjson_StreamsTheMatchingEventsInSeqOrderWithTheirHashes()
    {
        var from = await World.NowAsync();
        await World.AdvanceToAsync(from.AddSeconds(1));
        from = from.AddSeconds(1);
        var domain = await World.OperationalDomainAsync();
        var to = from.AddSeconds(1);
        await World.AdvanceToAsync(to);
        await _api.PostAsync($"/v1/domains/{domain}/suspend", "supervisor", new { reason = "after the window" });

        var reply = await _api.GetAsync($"/v1/audit/export?entityType=domain&from={Scenarios.Instant(from)}&to={Scenarios.Instant(to)}&format=ndjson", "auditor");
        var events = reply.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var ours = events.Where(e => e.GetProperty("entity").GetString() == $"domain/{domain}").ToList();
        var chain = await _api.GetAsync($"/v1/audit?entity=domain/{domain}", "auditor");

        Assert.Equal(200, reply.Status);
        Assert.Equal("application/x-ndjson", reply.ContentType);
        Assert.All(events, e => Assert.StartsWith("domain/", e.GetProperty("entity").GetString()));
        Assert.Equal(events.Select(e => e.GetProperty("seq").GetInt64()).Order(), events.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal([1L, 2L, 3L], ours.Select(e => e.GetProperty("version").GetInt64()));
        Assert.Equal(chain.Json.GetProperty("items").EnumerateArray().Take(3).Select(e => e.GetProperty("hash").GetString()), ours.Select(e => e.GetProperty("hash").GetString()));
    }

    [Fact]
    public async Task AuditExport_Csv_HasAHeaderAndOneRowPerEvent_AndOnlyAuditRolesMayExport()
    {
        var domain = await World.OperationalDomainAsync();

        var reply = await _api.GetAsync("/v1/audit/export?entityType=domain&format=csv", "authority");
        var lines = reply.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var asUnit = await _api.GetAsync("/v1/audit/export", "unit", Scenarios.NewUscc());
        var asAutomation = await _api.GetAsync("/v1/audit/export", "automation");
        var anonymous = await _api.GetAsync("/v1/audit/export", null);

        Assert.Equal(200, reply.Status);
        Assert.Equal("text/csv", reply.ContentType);
        Assert.Equal("seq,entity,version,at,actor,role,action,fromState,toState,reason,hash,prevHash,changedFields,changesSha256", lines[0]);
        Assert.Equal(3, lines.Count(l => l.Split(',')[1] == $"domain/{domain}"));
        Assert.Equal(403, asUnit.Status);
        Assert.Equal(403, asAutomation.Status);
        Assert.Equal(401, anonymous.Status);
    }
}
