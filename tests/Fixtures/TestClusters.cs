using System.Globalization;
using Domains.Grains.Journal;
using Domains.ServiceDefaults;
using Domains.Silo;
using Domains.Tests.Grains;
using Domains.Grains.Deadlines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Domains.Tests.Fixtures;

/// <summary>
/// Classic TestCluster silos on real PostgreSQL: our ADO.NET clustering (not the test membership),
/// storage and reminders, TCP between silos so an outside client (the API) can join through the
/// gateway list, the manual business clock, mutual TLS on every connection (TestCertificates).
/// </summary>
public static class TestClusters
{
    public const string ServiceId = "domains-test";

    /// <summary>A cluster connecting as production's silos do: <c>domains_silo</c>, the driver as <c>domains_provisioner</c>.</summary>
    public static Task<TestCluster> StartAsync(
        TestDatabase database, short silos, string? clusterId = null, TimeSpan? sweepPeriod = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var merged = new Dictionary<string, string>(database.SiloSettings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) merged[key] = value;
        return StartAsync(database.Silo, silos, clusterId, sweepPeriod, merged);
    }

    /// <summary>Where the cluster's own client finds its <c>Orleans:Tls</c> settings among the silos' properties.</summary>
    private const string ClientTlsSection = "Tests:ClientTls";

    public static async Task<TestCluster> StartAsync(
        string connectionString, short silos, string? clusterId = null, TimeSpan? sweepPeriod = null,
        IReadOnlyDictionary<string, string>? settings = null, bool tls = true)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.ClusterId = clusterId ?? $"test-{Guid.NewGuid():N}"[..17];
        builder.Options.ServiceId = ServiceId;
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Properties["ConnectionStrings:Domains"] = connectionString;
        builder.Properties["Orleans:ClusterId"] = builder.Options.ClusterId;
        builder.Properties["Orleans:ServiceId"] = ServiceId;
        builder.Properties["Clock:Mode"] = "manual";
        builder.Properties["Deadlines:SweepPeriod"] = (sweepPeriod ?? TimeSpan.FromMinutes(1)).ToString("c", CultureInfo.InvariantCulture);
        if (tls)
        {
            // The suite runs on the secured transport: silos show the silo certificate, the cluster's own
            // client (ClientConfigurator) the API's.
            var certificates = TestCertificates.Instance;
            foreach (var (key, value) in certificates.Settings(certificates.Silo).Concat(certificates.Settings(certificates.Api, ClientTlsSection)))
            {
                builder.Properties[key] = value!;
            }
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.Properties[key] = value;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddDomainsSilo(silo.Configuration, isProduction: false);
            silo.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.Services.AddSingleton<PostgresEntityJournal>();
            silo.Services.AddSingleton<IEntityJournal, FaultInjectingJournal>();
            silo.Services.AddDeadlineTarget<IDeadlineProbeGrain>(DeadlineProbeGrain.EntityType);
            if (SiloLogs.Find(silo.Configuration[SiloLogs.Setting]) is { } logs)
            {
                // Every level of every category: a rule for the provider outranks the host's defaults.
                silo.Services.AddLogging(logging => logging.AddProvider(logs).AddFilter<LogCapture>(null, LogLevel.Trace));
            }
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client)
        {
            client.UseAdoNetClustering(options =>
            {
                options.Invariant = DomainsSiloExtensions.Invariant;
                options.ConnectionString = configuration["ConnectionStrings:Domains"];
            });
            client.UseDomainsTls(configuration.GetSection(ClientTlsSection), isProduction: false);
        }
    }
}
