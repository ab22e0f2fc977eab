using System.Net.Sockets;
using System.Text;
using Domains.GrainInterfaces.Clock;
using Domains.ServiceDefaults;
using Domains.Silo;
using Domains.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Domains.Tests.Grains;

/// <summary>
/// The silos' gateway admits only Orleans clients showing a certificate of this deployment's CA: a client
/// with the API's certificate calls grains; a plain client, a TLS client with no certificate, and one with
/// a certificate of another CA (even one made out as a silo) never get a grain call through; a raw TCP
/// connection that speaks no TLS hears nothing back.
/// </summary>
public sealed class TransportSecurityTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private TestDatabase _database = null!;
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _database = PostgresServer.Instance.CreateDatabase("tls");
        _cluster = await TestClusters.StartAsync(_database, silos: 1);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Client_WithTheApiCertificate_CallsGrains()
    {
        var certificates = TestCertificates.Instance;

        using var client = await ConnectAsync(certificates.Settings(certificates.Api));

        var status = await Grains(client).GetGrain<IBusinessClockGrain>(0).GetStatusAsync().WaitAsync(Patience);
        Assert.NotNull(status);
    }

    public static TheoryData<string> RefusedClients() => new() { "plain", "tls-without-certificate", "foreign-ca-api", "foreign-ca-silo" };

    [Theory]
    [MemberData(nameof(RefusedClients))]
    public async Task Client_WithoutACertificateOfThisDeployment_GetsNoGrainCallThrough(string kind)
    {
        var certificates = TestCertificates.Instance;
        var settings = kind switch
        {
            "plain" => [],
            "tls-without-certificate" => [],
            "foreign-ca-api" => certificates.Settings(certificates.ForeignApi),
            _ => certificates.Settings(certificates.ForeignSilo),
        };
        // A client with the foreign certificates trusts our CA: the silo, not the client, does the refusing.
        if (settings.Count > 0) settings["Orleans:Tls:CaPath"] = certificates.CaPath;

        var outcome = await Record.ExceptionAsync(async () =>
        {
            using var client = await ConnectAsync(settings, withoutCertificate: kind == "tls-without-certificate");
            await Grains(client).GetGrain<IBusinessClockGrain>(0).GetStatusAsync().WaitAsync(Patience);
        });

        // Refused, not slow: the connection itself failed.
        Assert.NotNull(outcome);
        Assert.IsNotType<TimeoutException>(outcome);
        Assert.IsAssignableFrom<OrleansException>(outcome);
    }

    [Fact]
    public async Task RawTcp_ToTheGateway_WithoutTls_HearsNothing()
    {
        var silo = (InProcessSiloHandle)_cluster.GetActiveSilos().First();
        var gatewayPort = silo.SiloHost.Services.GetRequiredService<IOptions<EndpointOptions>>().Value.GatewayPort;
        // A plain Orleans client's own opening (its preamble), which a plain gateway answers with its own.
        var opening = await PlainClientOpeningAsync();
        using var socket = new TcpClient();
        await socket.ConnectAsync(System.Net.IPAddress.Loopback, gatewayPort);
        var stream = socket.GetStream();

        await stream.WriteAsync(opening);
        var heard = new List<byte>();
        var buffer = new byte[4096];
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            for (int read; (read = await stream.ReadAsync(buffer, wait.Token)) > 0;) heard.AddRange(buffer.AsSpan(0, read).ToArray());
        }
        catch (IOException)
        {
            // The silo reset the connection.
        }
        catch (OperationCanceledException) when (wait.IsCancellationRequested)
        {
            // Still open after the wait: the assertions below say so.
        }

        Assert.NotEmpty(opening);
        Assert.False(wait.IsCancellationRequested, "the gateway kept the connection open");
        Assert.Empty(heard);
    }

    /// <summary>The first bytes a plain Orleans client of this cluster sends, caught by a listener posing as its gateway.</summary>
    private async Task<byte[]> PlainClientOpeningAsync()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var cluster = _cluster.ServiceProvider.GetRequiredService<IOptions<ClusterOptions>>().Value;
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Critical);
            builder.UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = cluster.ClusterId;
                    options.ServiceId = cluster.ServiceId;
                });
                client.UseStaticClustering((System.Net.IPEndPoint)listener.LocalEndpoint);
                client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
            });
            using var host = builder.Build();
            var starting = host.StartAsync();
            using var accepted = await listener.AcceptTcpClientAsync().WaitAsync(Patience);
            var buffer = new byte[4096];
            var read = await accepted.GetStream().ReadAsync(buffer).AsTask().WaitAsync(Patience);
            accepted.Close();
            await Record.ExceptionAsync(() => starting);
            return buffer[..read];
        }
        finally
        {
            listener.Stop();
        }
    }

    private static IGrainFactory Grains(IHost client) => client.Services.GetRequiredService<IClusterClient>();

    /// <summary>
    /// An Orleans client of the cluster with these <c>Orleans:Tls</c> settings (none: the plain transport),
    /// or TLS showing no certificate at all.
    /// </summary>
    private async Task<IHost> ConnectAsync(Dictionary<string, string?> settings, bool withoutCertificate = false)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(settings);
        var cluster = _cluster.ServiceProvider.GetRequiredService<IOptions<ClusterOptions>>().Value;
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });
            client.UseAdoNetClustering(options =>
            {
                options.Invariant = DomainsSiloExtensions.Invariant;
                options.ConnectionString = _database.Api;
            });
            // The first failure is the answer: retries would only wait for the same refusal.
            client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
            if (withoutCertificate)
            {
                client.UseTls(options =>
                {
                    options.ClientCertificateMode = Orleans.Connections.Security.RemoteCertificateMode.AllowCertificate;
                    options.AllowAnyRemoteCertificate();
                });
            }
            else
            {
                client.UseDomainsTls(builder.Configuration.GetSection(OrleansTransportSecurity.Section), isProduction: false);
            }
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync().WaitAsync(Patience);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
