using System.Security.Cryptography;
using Domains.Tests.Fixtures;
using Orleans.TestingHost;

namespace Domains.Tests.Usage;

/// <summary>
/// The whole stack on two servers: the controller's database (the run's shared PostgreSQL), a one-silo
/// cluster whose workspace driver provisions on the data server and whose collector reads that server's
/// usage log every 200 ms, and the API over HTTP.
/// </summary>
public sealed class UsageStackFixture : IAsyncLifetime
{
    private readonly byte[] _signingKey = RandomNumberGenerator.GetBytes(32);
    private ApiHost? _api;

    public UsageStackFixture() => Tokens = new Tokens(_signingKey);

    public Tokens Tokens { get; }

    public TestDatabase Database { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public UsageDataServer DataServer => UsageDataServer.Instance;

    /// <summary>The cluster's export store (a fresh folder).</summary>
    public string ExportStore { get; } = Path.Combine(Path.GetTempPath(), $"domains-test-exports-{Guid.NewGuid():N}"[..36]);

    public async Task InitializeAsync()
    {
        Database = PostgresServer.Instance.CreateDatabase("usage");
        Cluster = await TestClusters.StartAsync(Database, silos: 1, settings: new Dictionary<string, string>
        {
            ["Workspaces:DataServers:Default"] = DataServer.Provisioner,
            ["UsageLog:Servers:data"] = DataServer.Reader,
            ["UsageLog:PollInterval"] = "00:00:00.2",
            ["Exports:StorePath"] = ExportStore,
        });
        _api = await ApiHost.StartAsync(Database.Api, Cluster.Options.ClusterId, _signingKey);
        Http = _api.Http;
    }

    public async Task DisposeAsync()
    {
        if (_api is not null) await _api.DisposeAsync();
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class UsageStackCollection : ICollectionFixture<UsageStackFixture>
{
    public const string Name = "usage-stack";
}
