using Domains.Tests.Fixtures;

namespace Domains.Tests.Api;

[Collection(StackCollection.Name)]
public sealed class AccessApiTests(StackFixture stack)
{
    private const string Dataset = "ds-hospital-visits";
    private readonly ApiClient _api = new(stack);
    private Scenarios World => new(_api);

    private async Task<(bool Allowed, string Reason)> AccessAsync(string workspace, string unit, string dataset = Dataset)
    {
        var reply = await _api.GetAsync($"/v1/access?workspace={workspace}&unit={unit}&dataset={dataset}", "automation");
        Assert.Equal(200, reply.Status);
        return (reply.Json.GetProperty("allowed").GetBoolean(), reply.Str("reason")!);
    }

    [Fact]
    public async Task Decisions_NameEveryReason()
    {
        var uscc = await World.QualifiedUnitAsync();
        var domain = await World.OperationalDomainAsync();
        var now = await World.NowAsync();
        var active = await World.AuthorizationAsync("active", uscc: uscc, noticeId: await World.OpenNoticeAsync(domain), termStart: now);
        var future = await World.AuthorizationAsync("active", uscc: uscc, termStart: now.AddDays(10));
        var ended = await World.AuthorizationAsync("active", uscc: uscc, termStart: now);
        await _api.PostAsync($"/v1/authorizations/{ended}/terminate", "authority", new { reason = "ended early" });

        Assert.Equal((true, "allowed"), await AccessAsync(active, uscc));
        Assert.Equal((false, "unknown-workspace"), await AccessAsync(Ids.New("auth"), uscc));
        Assert.Equal((false, "unit-mismatch"), await AccessAsync(active, Scenarios.NewUscc()));
        Assert.Equal((false, "dataset-not-authorized"), await AccessAsync(active, uscc, "ds-tax-records"));
        Assert.Equal((false, "outside-term"), await AccessAsync(future, uscc));
        Assert.Equal((false, "authorization-ended"), await AccessAsync(ended, uscc));
        await _api.PostAsync($"/v1/domains/{domain}/suspend", "supervisor", new { reason = "inspection" });
        Assert.Equal((false, "domain-not-operational"), await AccessAsync(active, uscc));
        await _api.PostAsync($"/v1/domains/{domain}/resume", "supervisor", new { reason = "done" });
        Assert.Equal((true, "allowed"), await AccessAsync(active, uscc));
        await _api.PostAsync($"/v1/authorizations/{active}/suspend", "supervisor", new { reason = "breach" });
        Assert.Equal((false, "authorization-suspended"), await AccessAsync(active, uscc));
    }

    [Fact]
    public async Task EightTasksAskingWhileASupervisorSuspends_SeeNoAllowAfterTheSuspendAnswered()
    {
        var uscc = await World.QualifiedUnitAsync();
        var id = await World.AuthorizationAsync("active", uscc: uscc, termStart: await World.NowAsync());
        var suspended = 0;
        var allowsAfter = 0;
        var decisionsAfter = 0;
        var allowsBefore = 0;
        using var stop = new CancellationTokenSource();

        var askers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var asked = 0;
            while (!stop.IsCancellationRequested && asked++ < 5_000)
            {
                var after = Volatile.Read(ref suspended) == 1;
                var (allowed, _) = await AccessAsync(id, uscc);
                if (after)
                {
                    Interlocked.Increment(ref decisionsAfter);
                    if (allowed) Interlocked.Increment(ref allowsAfter);
                }
                else if (allowed)
                {
                    Interlocked.Increment(ref allowsBefore);
                }
            }
        })).ToList();
        await Task.Delay(300);
        var reply = await _api.PostAsync($"/v1/authorizations/{id}/suspend", "supervisor", new { reason = "breach" });
        Volatile.Write(ref suspended, 1);
        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(askers);

        Assert.Equal(200, reply.Status);
        Assert.True(allowsBefore > 0, "the loop asked before the suspension");
        Assert.True(decisionsAfter > 0, "the loop asked after the suspension");
        Assert.Equal(0, allowsAfter);
    }

    [Theory]
    [InlineData("/v1/access?unit=x&dataset=y")]
    [InlineData("/v1/access?workspace=w&dataset=y")]
    [InlineData("/v1/access?workspace=w&unit=x")]
    public async Task Access_WithoutAParameter_Is400(string path)
    {
        var reply = await _api.GetAsync(path, "automation");

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
    }

    [Theory]
    [InlineData("authority")]
    [InlineData("supervisor")]
    [InlineData("unit")]
    [InlineData("auditor")]
    public async Task Access_AskedByAnyoneButAutomation_Is403(string role)
    {
        var reply = await _api.GetAsync("/v1/access?workspace=w&unit=x&dataset=y", role, role == "unit" ? Scenarios.NewUscc() : null);

        Assert.Equal(403, reply.Status);
    }

    [Theory]
    [InlineData("provisioned", "authority")]
    [InlineData("data-deleted", "supervisor")]
    [InlineData("logs-purged", "unit")]
    [InlineData("retry-provisioning", "supervisor")]
    public async Task WorkspaceCallback_ByAnotherRole_Is403(string callback, string role)
    {
        var reply = await _api.PostAsync($"/v1/workspaces/{Ids.New("auth")}/{callback}", role, new { }, unit: role == "unit" ? Scenarios.NewUscc() : null);

        Assert.Equal(403, reply.Status);
    }

    [Fact]
    public async Task Callbacks_WithBadBodies_Are400_AndOnADeletedWorkspace_Are409()
    {
        var id = await World.AuthorizationAsync("active");
        await _api.PostAsync($"/v1/authorizations/{id}/terminate", "authority", new { reason = "end" });

        var noResources = await _api.PostAsync($"/v1/workspaces/{id}/provisioned", "automation", new { resources = "x" });
        var badHash = await _api.PostAsync($"/v1/workspaces/{id}/data-deleted", "automation",
            new { certificate = new { manifestSha256 = "nothex", deletedAt = "2026-01-01T00:00:00Z", @operator = "robot" } });
        var late = await _api.PostAsync($"/v1/workspaces/{id}/provisioned", "automation", new { resources = new { host = "h" } });
        var repeat = await _api.PostAsync($"/v1/workspaces/{id}/data-deleted", "automation",
            new { certificate = new { manifestSha256 = new string('a', 64), deletedAt = "2026-01-01T00:00:00Z", @operator = "robot" } });

        Assert.Equal("validation-failed", noResources.Code);
        Assert.Equal("validation-failed", badHash.Code);
        Assert.Equal(409, late.Status);
        Assert.Equal("invalid-transition", late.Code);
        Assert.Equal(200, repeat.Status);
        Assert.Equal("deleted", repeat.Str("state"));
    }

    [Fact]
    public async Task Retire_ADomainWithALiveWorkspace_Is409_AndSucceedsOnceItEnded()
    {
        var domain = await World.OperationalDomainAsync();
        var id = await World.AuthorizationAsync("active", noticeId: await World.OpenNoticeAsync(domain));

        var refused = await _api.PostAsync($"/v1/domains/{domain}/retire", "authority", new { reason = "replaced" });
        await _api.PostAsync($"/v1/authorizations/{id}/terminate", "authority", new { reason = "end" });
        var retired = await _api.PostAsync($"/v1/domains/{domain}/retire", "authority", new { reason = "replaced" });

        Assert.Equal(409, refused.Status);
        Assert.Contains("live workspace", refused.Str("detail"));
        Assert.Equal("retired", retired.Str("state"));
    }

    [Fact]
    public async Task AnotherUnit_ReadingAWorkspace_Gets404()
    {
        var owner = await World.QualifiedUnitAsync();
        var id = await World.AuthorizationAsync("active", uscc: owner);

        Assert.Equal(404, (await _api.GetAsync($"/v1/workspaces/{id}", "unit", Scenarios.NewUscc())).Status);
        Assert.Equal(200, (await _api.GetAsync($"/v1/workspaces/{id}", "unit", owner)).Status);
        Assert.Equal(200, (await _api.GetAsync($"/v1/workspaces/{id}", "automation")).Status);
    }
}
