using System.Diagnostics;
using System.Globalization;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Clock;
using Domains.GrainInterfaces.Domains;
using Domains.GrainInterfaces.Notices;
using Domains.Silo;
using Domains.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;

namespace Domains.Tests.Grains;

/// <summary>
/// Two silo processes on two "hosts" — network namespaces made for this test, joined to the test's own
/// PostgreSQL over veth links on addresses private to the test — form one cluster through the membership
/// table. One is killed; its grains and deadlines continue on the other.
/// </summary>
public sealed class NetworkNamespaceClusterTests
{
    private const string Net = "10.231";

    [Fact]
    public async Task TwoSilosInTwoNetworkNamespaces_FormOneCluster_AndAfterOneIsKilledTheOtherCarriesItsGrainsAndDeadlines()
    {
        Assert.True(Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root" || GetUid() == 0,
            "network namespaces need root (CI and ops/test run as root)");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var hosts = new[] { ($"dA{tag}", 1), ($"dB{tag}", 2) };
        var forward = File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim();
        var silos = new List<Process>();
        PostgresServer? server = null;
        try
        {
            Sh("sysctl", "-qw", "net.ipv4.ip_forward=1");
            foreach (var (ns, n) in hosts) CreateHost(ns, n, tag);
            server = PostgresServer.StartPrivate(listen: $"{Net}.1.1,{Net}.2.1", allow: $"{Net}.0.0/16");
            var database = server.CreateDatabase("netns");
            var connectionString = database.Admin;
            var clusterId = $"netns-{tag}";
            foreach (var (ns, n) in hosts) silos.Add(StartSilo(ns, n, database.Silo, database.DataServer, clusterId));

            var hostsSeen = await WaitForActiveSilosAsync(connectionString, clusterId, 2);
            Assert.Equal([$"{Net}.1.2", $"{Net}.2.2"], hostsSeen);
            using var client = await ConnectAsync(database.Api, clusterId);
            var grains = client.Services.GetRequiredService<IClusterClient>();

            var now = (await grains.GetGrain<IBusinessClockGrain>(0).GetStatusAsync()).Now;
            var domains = Enumerable.Range(0, 12).Select(i => $"nsd-{tag}-{i}").ToList();
            foreach (var id in domains)
            {
                await grains.GetGrain<IDomainGrain>(id).RegisterAsync(new DomainDefinition("n", DomainLevel.City, "350100", "v1"), Contexts.Authority());
            }
            var notices = Enumerable.Range(0, 12).Select(i => $"nsn-{tag}-{i}").ToList();
            foreach (var id in notices)
            {
                var notice = grains.GetGrain<INoticeGrain>(id);
                await notice.DefineAsync(new NoticeDefinition("t", "f", new Region(RegionLevel.City, "350100"), false, null,
                    now.AddDays(-1), now.AddHours(1), domains[0]), Contexts.Authority());
                await notice.PublishAsync(Contexts.Authority());
            }

            Sh("kill", "-9", silos[0].Id.ToString(CultureInfo.InvariantCulture));
            await WaitForDeadAsync(connectionString, clusterId, $"{Net}.1.2");

            foreach (var id in domains)
            {
                var built = await CallWithRetryAsync(() => grains.GetGrain<IDomainGrain>(id).ReportBuiltAsync(Contexts.Automation()));
                Assert.Equal(DomainStatus.AwaitingAcceptance, built.Value!.State);
            }
            await CallWithRetryAsync(() => grains.GetGrain<IBusinessClockGrain>(0).AdvanceToAsync(now.AddHours(2), Contexts.Authority()));
            foreach (var id in notices)
            {
                Assert.Equal(NoticeStatus.Closed, (await grains.GetGrain<INoticeGrain>(id).GetAsync())!.State);
            }
            Assert.Equal(1, await ScalarAsync(connectionString, $"SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = '{clusterId}' AND status = 3"));
        }
        finally
        {
            foreach (var silo in silos.Where(s => !s.HasExited)) silo.Kill(entireProcessTree: true);
            server?.StopServer();
            foreach (var (ns, _) in hosts) Sh("ip", "netns", "del", ns, tolerateFailure: true);
            Sh("sysctl", "-qw", $"net.ipv4.ip_forward={forward}", tolerateFailure: true);
        }
    }

    /// <summary>A namespace with a veth link to the test's own namespace: .N.2 inside, .N.1 outside.</summary>
    private static void CreateHost(string ns, int n, string tag)
    {
        var outside = $"o{n}{tag}";
        var inside = $"i{n}{tag}";
        Sh("ip", "netns", "add", ns);
        Sh("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
        Sh("ip", "link", "set", inside, "netns", ns);
        Sh("ip", "addr", "add", $"{Net}.{n}.1/24", "dev", outside);
        Sh("ip", "link", "set", outside, "up");
        Sh("ip", "netns", "exec", ns, "ip", "addr", "add", $"{Net}.{n}.2/24", "dev", inside);
        Sh("ip", "netns", "exec", ns, "ip", "link", "set", inside, "up");
        Sh("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        Sh("ip", "netns", "exec", ns, "ip", "route", "add", "default", "via", $"{Net}.{n}.1");
    }

    private static Process StartSilo(string ns, int n, string connectionString, string dataServer, string clusterId)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        var silo = Path.Combine(RepoRoot.Path, "silo", "bin", configuration, "net10.0", "Domains.Silo.dll");
        var remote = new NpgsqlConnectionStringBuilder(connectionString) { Host = $"{Net}.{n}.1" }.ConnectionString;
        // The workspaces' data server, reached the same way (this test provisions none; a silo must name one).
        var remoteData = new NpgsqlConnectionStringBuilder(dataServer) { Host = $"{Net}.{n}.1" }.ConnectionString;
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
                 {
                     "netns", "exec", ns, "env", $"ConnectionStrings__Domains={remote}", $"Workspaces__DataServers__Default={remoteData}", $"Orleans__ClusterId={clusterId}",
                     $"Orleans__ServiceId={TestClusters.ServiceId}", $"Orleans__AdvertisedAddress={Net}.{n}.2", "Orleans__SiloPort=11111",
                     "Orleans__GatewayPort=30000", "Clock__Mode=manual", "DOTNET_ENVIRONMENT=Development", "Telemetry__MetricsPort=0",
                     "dotnet", silo,
                 })
        {
            start.ArgumentList.Add(a);
        }
        var process = Process.Start(start)!;
        var log = File.AppendText(Path.Combine(Path.GetTempPath(), $"netns-silo-{ns}.log"));
        log.AutoFlush = true;
        process.OutputDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<IHost> ConnectAsync(string connectionString, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = TestClusters.ServiceId;
            });
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = DomainsSiloExtensions.Invariant;
                o.ConnectionString = connectionString;
            });
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));
            client.UseConnectionRetryFilter(async (_, ct) =>
            {
                await Task.Delay(500, ct);
                return true;
            });
        });
        var host = builder.Build();
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(90));
        return host;
    }

    private static async Task<List<string>> WaitForActiveSilosAsync(string connectionString, string clusterId, int count)
    {
        for (var i = 0; i < 240; i++)
        {
            await using var db = NpgsqlDataSource.Create(connectionString);
            await using var cmd = db.CreateCommand("SELECT address FROM orleansmembershiptable WHERE deploymentid = @c AND status = 3 ORDER BY address");
            cmd.Parameters.AddWithValue("c", clusterId);
            var addresses = new List<string>();
            await using (var reader = await cmd.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync()) addresses.Add(reader.GetString(0));
            }
            if (addresses.Count >= count) return addresses;
            await Task.Delay(500);
        }
        throw new TimeoutException("the silos did not both join");
    }

    private static async Task WaitForDeadAsync(string connectionString, string clusterId, string address)
    {
        for (var i = 0; i < 240; i++)
        {
            if (await ScalarAsync(connectionString, $"SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = '{clusterId}' AND address = '{address}' AND status = 6") > 0) return;
            await Task.Delay(250);
        }
        throw new TimeoutException($"{address} was not declared dead");
    }

    /// <summary>
    /// Calls caught in the moment the dead silo's grains move are retried (bounded). So are database
    /// timeouts (<c>503 storage-unavailable</c> to an API caller): under the whole suite's load the survivor
    /// was seen failing to open PostgreSQL connections for ~15 s right after the kill (cause not found yet;
    /// BENCHMARKS.md and the issue 7 note).
    /// </summary>
    private static async Task<T> CallWithRetryAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (attempt < 20 && ex is SiloUnavailableException or TimeoutException or OrleansMessageRejectionException
                                           or Orleans.Runtime.Messaging.ConnectionFailedException or StorageUnavailableException)
            {
                await Task.Delay(500);
            }
        }
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        return (long)(await db.CreateCommand(sql).ExecuteScalarAsync())!;
    }

    private static void Sh(string file, params string[] args) => Sh(file, args, false);

    private static void Sh(string file, string a, string b, string c, bool tolerateFailure) => Sh(file, [a, b, c], tolerateFailure);

    private static void Sh(string file, string a, string b, bool tolerateFailure) => Sh(file, [a, b], tolerateFailure);

    private static void Sh(string file, string[] args, bool tolerateFailure)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && !tolerateFailure) throw new InvalidOperationException($"{file} {string.Join(' ', args)}: {error}");
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getuid")]
    private static extern uint GetUid();
}
