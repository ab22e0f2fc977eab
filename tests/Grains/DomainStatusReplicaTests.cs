using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Authorizations;
using Domains.GrainInterfaces.Clock;
using Domains.GrainInterfaces.Domains;
using Domains.GrainInterfaces.Workspaces;
using Domains.Tests.Fixtures;
using Orleans.TestingHost;

namespace Domains.Tests.Grains;

/// <summary>
/// Access decisions read the domain's status from their silo's replica, not from the domain grain: a
/// domain suspension must still be seen by every workspace on every silo as soon as it is acknowledged.
/// Two silos, workspaces on both, a database of their own.
/// </summary>
public sealed class DomainStatusReplicaTests : IAsyncLifetime
{
    private const string Dataset = "ds-1";
    private const string Unit = "UNIT-R";
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await TestClusters.StartAsync(PostgresServer.Instance.CreateDatabase("replica"), silos: 2);

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task DomainSuspension_OnceAcknowledged_DeniesOnEverySilo_AndResumptionAllowsAgain()
    {
        var grains = _cluster.Client;
        var (domainId, domain, now) = await RegisteredDomainAsync();
        await domain.ReportBuiltAsync(Contexts.Automation());
        await domain.AcceptAsync("I-1", Contexts.Authority());

        // Placement follows the silos' load, so workspaces are made until both silos host some.
        var workspaces = new List<IWorkspaceGrain>();
        while (workspaces.Count < 128 && (workspaces.Count == 0 || (await SilosHostingWorkspacesAsync()).Count < 2))
        {
            for (var i = 0; i < 8; i++)
            {
                var id = Ids.New("auth");
                var workspace = grains.GetGrain<IWorkspaceGrain>(id);
                await workspace.SyncAsync(new AuthorizationAccess(id, 1, AuthorizationStatus.Active, Unit, domainId, [Dataset],
                    new Term(now.AddMinutes(-1), now.AddYears(1)), null));
                workspaces.Add(workspace);
            }
        }
        Assert.Equal(2, (await SilosHostingWorkspacesAsync()).Count);
        // Every replica holds the domain as operational before it changes.
        Assert.All(await DecideAllAsync(workspaces), d => Assert.Equal(AccessReason.Allowed, d.Reason));

        Assert.True((await domain.SuspendAsync(Contexts.Supervisor("inspection"))).IsSuccess);
        Assert.All(await DecideAllAsync(workspaces), d => Assert.Equal(AccessReason.DomainNotOperational, d.Reason));

        Assert.True((await domain.ResumeAsync(Contexts.Supervisor("inspection passed"))).IsSuccess);
        Assert.All(await DecideAllAsync(workspaces), d => Assert.Equal(AccessReason.Allowed, d.Reason));
    }

    [Fact]
    public async Task Workspace_InADomainNeverAccepted_IsDenied_UntilTheDomainIsAccepted()
    {
        var (domainId, domain, now) = await RegisteredDomainAsync();
        var id = Ids.New("auth");
        var workspace = _cluster.Client.GetGrain<IWorkspaceGrain>(id);
        await workspace.SyncAsync(new AuthorizationAccess(id, 1, AuthorizationStatus.Active, Unit, domainId, [Dataset],
            new Term(now.AddMinutes(-1), now.AddYears(1)), null));

        Assert.Equal(AccessReason.DomainNotOperational, (await workspace.DecideAccessAsync(Unit, Dataset)).Reason);

        await domain.ReportBuiltAsync(Contexts.Automation());
        await domain.AcceptAsync("I-2", Contexts.Authority());
        Assert.Equal(AccessReason.Allowed, (await workspace.DecideAccessAsync(Unit, Dataset)).Reason);
    }

    /// <summary>A planned domain of its own, and the business clock's instant.</summary>
    private async Task<(string Id, IDomainGrain Grain, DateTimeOffset Now)> RegisteredDomainAsync()
    {
        var id = Ids.New("dom");
        var domain = _cluster.Client.GetGrain<IDomainGrain>(id);
        await domain.RegisterAsync(new DomainDefinition("Ningde", DomainLevel.City, "350900", "v1"), Contexts.Authority());
        return (id, domain, (await _cluster.Client.GetGrain<IBusinessClockGrain>(0).GetStatusAsync()).Now);
    }

    private static Task<AccessDecision[]> DecideAllAsync(IEnumerable<IWorkspaceGrain> workspaces) =>
        Task.WhenAll(workspaces.Select(w => w.DecideAccessAsync(Unit, Dataset)));

    private async Task<HashSet<SiloAddress>> SilosHostingWorkspacesAsync()
    {
        var statistics = await _cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains("Workspace", StringComparison.Ordinal)).Select(s => s.SiloAddress).ToHashSet();
    }
}
