using System.Security.Cryptography;
using Domains.ClientApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace Domains.Tests.Fixtures;

/// <summary>
/// The whole stack once per run: a real PostgreSQL database, a two-silo cluster, and the API on Kestrel
/// (loopback, a free port) joined to the cluster as an Orleans client through the membership table.
/// </summary>
public sealed class StackFixture : IAsyncLifetime
{
    private ApiHost? _api;

    /// <summary>The owner's connection (for a test's own reads and tampering); the cluster and the API use their roles'.</summary>
    public string ConnectionString => Database.Admin;

    public TestDatabase Database { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The API host's services: its route table (<c>EndpointDataSource</c>) for tests generated from it.</summary>
    public IServiceProvider ApiServices => _api?.Services ?? throw new InvalidOperationException("The API has not started.");

    private readonly byte[] _signingKey = RandomNumberGenerator.GetBytes(32);

    private static readonly Dictionary<string, string> LocalWebhooks = new()
    {
        ["Webhooks:AllowHttp"] = "true",
        ["Webhooks:AllowPrivateAddresses"] = "true",
    };

    public StackFixture() => Tokens = new Tokens(_signingKey);

    public Tokens Tokens { get; }

    public async Task InitializeAsync()
    {
        Database = PostgresServer.Instance.CreateDatabase("stack");
        // Webhook tests register loopback http receivers: allowed explicitly here (and by ApiHost), refused by default.
        Cluster = await TestClusters.StartAsync(Database, silos: 2, settings: LocalWebhooks);
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
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
