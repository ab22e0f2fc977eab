using Domains.Tests.Fixtures;

namespace Domains.Tests.Api;

/// <summary>
/// DOMAIN.md §5: a unit asking about another unit's resource gets 404, never a hint that it exists. The
/// single reads are tested beside each resource (UnitApiTests, AuthorizationApiTests, AccessApiTests,
/// ProductApiTests); these are the cases they leave open: the commands a unit may send, aimed at unit B's
/// resources, B's inbox when it holds notices, and the list a unit sees without a filter.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class UnitIsolationTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);
    private Scenarios World => new(_api);

    private static readonly object Product = new
    {
        name = "B's index",
        description = "weekly visits",
        datasetsUsed = new[] { "ds-hospital-visits" },
        personalInfo = false,
        tradeSecrets = false,
        pricing = new { model = "subscription", amount = 10, currency = "CNY" },
    };

    /// <summary>Unit B with an active authorization and an approved product (whose review put a notice in B's inbox).</summary>
    private async Task<(string Unit, string Authorization, string Product)> UnitBAsync()
    {
        var unit = await World.QualifiedUnitAsync("Unit B Data Co.");
        var authorization = await World.AuthorizationAsync("active", uscc: unit, termStart: await World.NowAsync());
        var product = (await _api.PostAsync($"/v1/authorizations/{authorization}/products", "unit", Product, unit: unit)).Str("id")!;
        Assert.Equal(200, (await _api.PostAsync($"/v1/products/{product}/approve", "authority", new { note = "ok" })).Status);
        return (unit, authorization, product);
    }

    [Fact]
    public async Task AnotherUnit_SendingUnitBsCommands_Gets404_AndBsResourcesStayUnchanged()
    {
        var (_, authorization, product) = await UnitBAsync();
        var before = await SnapshotAsync(authorization, product);
        var stranger = await World.QualifiedUnitAsync("Unit A Data Co.");
        // Valid bodies: a refusal must come from whose resource it is, not from the body.
        var commands = new (string Path, object Body)[]
        {
            ($"/v1/authorizations/{authorization}/corrections", new { summary = "fixed" }),
            ($"/v1/authorizations/{authorization}/reports", new { period = 1, summary = "q1" }),
            ($"/v1/authorizations/{authorization}/withdraw", new { reason = "no" }),
            ($"/v1/products/{product}/list", new { }),
            ($"/v1/products/{product}/delist", new { }),
            ($"/v1/products/{product}/resubmit", new { authorizationId = authorization, product = Product }),
        };

        var replies = new List<(string Path, Reply Reply)>();
        foreach (var (path, body) in commands) replies.Add((path, await _api.PostAsync(path, "unit", body, unit: stranger)));

        Assert.All(replies, r => Assert.True(r.Reply is { Status: 404, Code: "not-found" }, $"{r.Path}: {r.Reply.Status} {r.Reply.Body}"));
        Assert.Equal(before, await SnapshotAsync(authorization, product));
    }

    [Fact]
    public async Task AnotherUnit_ReadingUnitBsInboxThatHoldsNotices_Gets404()
    {
        var (unit, _, _) = await UnitBAsync();
        var stranger = Scenarios.NewUscc();

        var own = await _api.GetAsync($"/v1/inbox?recipient=unit:{unit}", "unit", unit);
        var other = await _api.GetAsync($"/v1/inbox?recipient=unit:{unit}", "unit", stranger);

        Assert.NotEmpty(own.Json.GetProperty("items").EnumerateArray());
        Assert.Equal(404, other.Status);
        Assert.Equal("not-found", other.Code);
        Assert.False(other.Json.TryGetProperty("items", out _));
    }

    [Fact]
    public async Task AnotherUnit_ListingAuthorizationsWithoutAFilter_SeesOnlyItsOwn()
    {
        var (_, authorization, _) = await UnitBAsync();
        var stranger = await World.QualifiedUnitAsync("Unit A Data Co.");
        var own = await World.AuthorizationAsync("submitted", uscc: stranger);

        var listed = await _api.GetAsync("/v1/authorizations?limit=500", "unit", stranger);

        var ids = listed.Json.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetString()).ToList();
        Assert.Equal([own], ids);
        Assert.DoesNotContain(authorization, ids);
    }

    private async Task<string> SnapshotAsync(string authorization, string product)
    {
        var parts = new List<string>();
        foreach (var path in new[] { $"/v1/authorizations/{authorization}", $"/v1/products/{product}", $"/v1/workspaces/{authorization}" })
        {
            parts.Add((await _api.GetAsync(path, "auditor")).Body);
        }
        foreach (var entity in new[] { $"authorization/{authorization}", $"product/{product}" })
        {
            parts.Add((await _api.GetAsync($"/v1/audit?entity={entity}&limit=500", "auditor")).Body);
        }
        return string.Join("\n", parts);
    }
}
