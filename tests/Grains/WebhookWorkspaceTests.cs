using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Authorizations;
using Domains.GrainInterfaces.Clock;
using Domains.GrainInterfaces.Domains;
using Domains.GrainInterfaces.Workspaces;
using Domains.Tests.Fixtures;
using Npgsql;
using Orleans.TestingHost;

namespace Domains.Tests.Grains;

/// <summary>
/// The workspace with the webhook driver, against a local receiver standing in for platform automation:
/// commands signed and retried until acknowledged, callbacks completing the transitions, timeouts
/// producing their notices. A cluster and database of its own, driven by authorization snapshots.
/// </summary>
public sealed class WebhookWorkspaceTests : IAsyncLifetime
{
    private const string Secret = "automation-shared-secret-0123456789";
    private readonly WebhookReceiver _receiver = new();
    private WebhookReceiver.Hook _hook = null!;
    private TestCluster _cluster = null!;
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        await _receiver.InitializeAsync();
        _hook = _receiver.NewHook();
        var database = PostgresServer.Instance.CreateDatabase("webhook");
        _connectionString = database.Admin;
        _cluster = await TestClusters.StartAsync(database, silos: 1, settings: new Dictionary<string, string>
        {
            ["Workspaces:Driver"] = "webhook",
            ["Workspaces:Webhook:Url"] = _hook.Url.ToString(),
            ["Workspaces:Webhook:Secret"] = Secret,
            ["Workspaces:Webhook:AttemptBudget"] = "00:00:03",
            ["Workspaces:Webhook:RetryBaseDelay"] = "00:00:00.050",
            ["Workspaces:Webhook:RetryMaxDelay"] = "00:00:00.200",
        });
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Workspace_FollowsItsAuthorization_ThroughSignedRetriedCommands_AndAutomationCallbacks()
    {
        var grains = _cluster.Client;
        var now = await NowAsync();
        var domain = await OperationalDomainAsync();
        var id = Ids.New("auth");
        var workspace = grains.GetGrain<IWorkspaceGrain>(id);
        var access = new AuthorizationAccess(id, 1, AuthorizationStatus.Active, "UNIT-1", domain, ["ds-1"], new Term(now.AddHours(-1), now.AddYears(1)), null);

        await workspace.SyncAsync(access);

        var provisioning = (await workspace.GetAsync(Actor.System))!;
        Assert.Equal(WorkspaceStatus.Provisioning, provisioning.State);
        Assert.Equal(Enforcement.Pending, provisioning.Enforcement);
        var provision = Assert.Single(Commands("provision"));
        Assert.True(provision.IsSignedWith(Secret, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow), "signed over timestamp and body");
        Assert.Equal(provisioning.Version, WorkspaceVersion(provision));
        Assert.Equal(id, JsonDocument.Parse(provision.Body).RootElement.GetProperty("workspaceId").GetString());
        Assert.Equal(AccessReason.WorkspaceNotActive, (await workspace.DecideAccessAsync("UNIT-1", "ds-1")).Reason);

        var active = await workspace.ConfirmProvisionedAsync("{\"host\":\"10.0.0.1\"}", Contexts.Automation());
        Assert.Equal(WorkspaceStatus.Active, active.Value!.State);
        Assert.Equal(Enforcement.Applied, active.Value.Enforcement);
        Assert.True((await workspace.DecideAccessAsync("UNIT-1", "ds-1")).Allowed);

        _hook.AnswerNext(2, 500);
        await workspace.SyncAsync(access with { Version = 2, Status = AuthorizationStatus.Suspended });
        Assert.Equal(AccessReason.AuthorizationSuspended, (await workspace.DecideAccessAsync("UNIT-1", "ds-1")).Reason);
        Assert.Equal(3, Commands("suspend").Count);
        Assert.All(Commands("suspend"), c => Assert.Equal(WorkspaceVersion(Commands("suspend")[0]), WorkspaceVersion(c)));
        Assert.True(WorkspaceVersion(Commands("suspend")[0]) > WorkspaceVersion(provision), "a later command carries a later version");
        Assert.Equal(Enforcement.Applied, (await workspace.GetAsync(Actor.System))!.Enforcement);

        // Automation down for longer than one attempt: access follows at once, enforcement waits for the retry.
        _hook.AnswerAlways(503);
        await workspace.SyncAsync(access with { Version = 3, Status = AuthorizationStatus.Active });
        var waiting = (await workspace.GetAsync(Actor.System))!;
        Assert.Equal(WorkspaceStatus.Active, waiting.State);
        Assert.Equal(Enforcement.Pending, waiting.Enforcement);
        _hook.AnswerAlways(200);
        await AdvanceAsync(now.AddMinutes(5));
        Assert.Equal(Enforcement.Applied, (await workspace.GetAsync(Actor.System))!.Enforcement);
        Assert.NotEmpty(Commands("reinstate"));

        await workspace.SyncAsync(access with { Version = 4, Status = AuthorizationStatus.Expired });
        var deleting = (await workspace.GetAsync(Actor.System))!;
        Assert.Equal(WorkspaceStatus.Deleting, deleting.State);
        Assert.False(deleting.AccessOpen);
        Assert.NotEmpty(Commands("close"));
        Assert.NotEmpty(Commands("delete-data"));
        await AdvanceAsync(now.AddDays(8));
        Assert.Equal(1L, await ScalarAsync($"SELECT count(*) FROM notifications WHERE kind = 'deletion-overdue' AND entity = 'workspace/{id}' AND recipient = 'supervisors'"));
        var deleted = await workspace.ConfirmDeletionAsync(new DeletionCertificateView(new string('a', 64), now, "robot", null), Contexts.Automation());
        Assert.Equal(WorkspaceStatus.Deleted, deleted.Value!.State);

        await AdvanceAsync(deleted.Value.LogRetentionUntil!.Value.AddMinutes(1));
        Assert.NotEmpty(Commands("purge-logs"));
        var purged = await workspace.ConfirmLogsPurgedAsync(Contexts.Automation());
        Assert.Equal(WorkspaceStatus.Purged, purged.Value!.State);
    }

    [Fact]
    public async Task ProvisioningNotConfirmedWithinAnHour_FailsWithNotices_AndMayBeRetried()
    {
        var grains = _cluster.Client;
        var now = await NowAsync();
        var id = Ids.New("auth");
        var workspace = grains.GetGrain<IWorkspaceGrain>(id);
        await workspace.SyncAsync(new AuthorizationAccess(id, 1, AuthorizationStatus.Active, "UNIT-2", "dom-x", ["ds-1"], new Term(now, now.AddYears(1)), null));

        await AdvanceAsync(now.AddMinutes(61));

        Assert.Equal(WorkspaceStatus.ProvisioningFailed, (await workspace.GetAsync(Actor.System))!.State);
        Assert.Equal(2L, await ScalarAsync($"SELECT count(*) FROM notifications WHERE kind = 'provisioning-failed' AND entity = 'workspace/{id}'"));
        var retried = await workspace.RetryProvisioningAsync(Contexts.Authority());
        Assert.Equal(WorkspaceStatus.Provisioning, retried.Value!.State);
        Assert.Equal(2, Commands("provision").Count(c => JsonDocument.Parse(c.Body).RootElement.GetProperty("workspaceId").GetString() == id));
    }

    [Fact]
    public async Task Supersede_OfAWorkspaceStillProvisioning_ClosesIt_AndStartsDeletion_WithItsDeadline()
    {
        var grains = _cluster.Client;
        var now = await NowAsync();
        var domain = await OperationalDomainAsync();
        var prior = Ids.New("auth");
        var renewal = Ids.New("auth");
        var priorAccess = new AuthorizationAccess(prior, 1, AuthorizationStatus.Active, "UNIT-3", domain, ["ds-1"], new Term(now, now.AddYears(1)), null);
        await grains.GetGrain<IWorkspaceGrain>(prior).SyncAsync(priorAccess);
        await grains.GetGrain<IWorkspaceGrain>(renewal).SyncAsync(
            new AuthorizationAccess(renewal, 1, AuthorizationStatus.Active, "UNIT-3", domain, ["ds-1"], new Term(now, now.AddYears(2)), prior));

        await grains.GetGrain<IWorkspaceGrain>(prior).SyncAsync(priorAccess with { Version = 2, Status = AuthorizationStatus.Superseded, RenewedBy = renewal });

        var closed = (await grains.GetGrain<IWorkspaceGrain>(prior).GetAsync(Actor.System))!;
        Assert.Equal(WorkspaceStatus.Deleting, closed.State);
        Assert.Equal(now, closed.ClosedAt);
        Assert.NotNull(closed.Deletion);
        Assert.Equal(1L, await ScalarAsync($"SELECT count(*) FROM deadlines WHERE entity_type = 'workspace' AND entity_id = '{prior}' AND kind = 'deletion-overdue'"));
        Assert.Contains(Commands("delete-data"), c => JsonDocument.Parse(c.Body).RootElement.GetProperty("workspaceId").GetString() == prior);
        Assert.Equal(WorkspaceStatus.Provisioning, (await grains.GetGrain<IWorkspaceGrain>(renewal).GetAsync(Actor.System))!.State);
    }

    [Fact]
    public async Task Supersede_OfAWorkspaceProvisionedAfterTheRenewalOpenedItsOwn_ClosesIt_InsteadOfHandingItToNobody()
    {
        var grains = _cluster.Client;
        var now = await NowAsync();
        var domain = await OperationalDomainAsync();
        var prior = Ids.New("auth");
        var renewal = Ids.New("auth");
        var priorAccess = new AuthorizationAccess(prior, 1, AuthorizationStatus.Active, "UNIT-4", domain, ["ds-1"], new Term(now, now.AddYears(1)), null);
        await grains.GetGrain<IWorkspaceGrain>(prior).SyncAsync(priorAccess);
        await grains.GetGrain<IWorkspaceGrain>(renewal).SyncAsync(
            new AuthorizationAccess(renewal, 1, AuthorizationStatus.Active, "UNIT-4", domain, ["ds-1"], new Term(now, now.AddYears(2)), prior));
        await grains.GetGrain<IWorkspaceGrain>(prior).ConfirmProvisionedAsync("{\"host\":\"10.0.0.2\"}", Contexts.Automation());

        await grains.GetGrain<IWorkspaceGrain>(prior).SyncAsync(priorAccess with { Version = 2, Status = AuthorizationStatus.Superseded, RenewedBy = renewal });

        var closed = (await grains.GetGrain<IWorkspaceGrain>(prior).GetAsync(Actor.System))!;
        Assert.Equal(WorkspaceStatus.Deleting, closed.State);
        Assert.Null(closed.HandedOverTo);
        Assert.Equal(1L, await ScalarAsync($"SELECT count(*) FROM deadlines WHERE entity_type = 'workspace' AND entity_id = '{prior}' AND kind = 'deletion-overdue'"));
    }

    private static long WorkspaceVersion(WebhookReceiver.Received command) =>
        JsonDocument.Parse(command.Body).RootElement.GetProperty("workspaceVersion").GetInt64();

    private List<WebhookReceiver.Received> Commands(string command) =>
        _hook.Requests.Where(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("command").GetString() == command).ToList();

    private async Task<DateTimeOffset> NowAsync() => (await _cluster.Client.GetGrain<IBusinessClockGrain>(0).GetStatusAsync()).Now;

    private async Task AdvanceAsync(DateTimeOffset to)
    {
        var result = await _cluster.Client.GetGrain<IBusinessClockGrain>(0).AdvanceToAsync(to, Contexts.Authority());
        Assert.True(result.IsSuccess);
    }

    private async Task<string> OperationalDomainAsync()
    {
        var id = Ids.New("dom");
        var domain = _cluster.Client.GetGrain<IDomainGrain>(id);
        await domain.RegisterAsync(new DomainDefinition("Putian", DomainLevel.City, "350300", "v1"), Contexts.Authority());
        await domain.ReportBuiltAsync(Contexts.Automation());
        await domain.AcceptAsync("I-1", Contexts.Authority());
        return id;
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var db = NpgsqlDataSource.Create(_connectionString);
        return (long)(await db.CreateCommand(sql).ExecuteScalarAsync())!;
    }
}
