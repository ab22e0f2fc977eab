using Domains.Grains.Delivery;
using System.Net;
using System.Net.Sockets;
using Domains.GrainInterfaces.Delivery;
using Domains.GrainInterfaces.Webhooks;
using Domains.Grains.Webhooks;
using Domains.Tests.Fixtures;
using Npgsql;
using Orleans.TestingHost;

namespace Domains.Tests.Grains;

/// <summary>
/// A cluster with the production webhook policy (what unset <c>Webhooks:Allow…</c> settings mean outside
/// Development, see <c>WebhookAddressTests</c>; TestCluster silos run as Development, so it is set here): a
/// webhook aimed at an internal address is refused when the silo connects, whatever the URL spells, and
/// one with an http URL is not sent in clear. Registered through the grain, past the API's URL check, as a
/// name that only later resolves to an internal address would be. Listeners on loopback prove nothing
/// connected.
/// </summary>
public sealed class WebhookAddressRefusalTests : IAsyncLifetime
{
    private const string Kind = "renewal-due";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly TcpListener _v4 = new(IPAddress.Loopback, 0);
    private readonly TcpListener _v6 = new(IPAddress.IPv6Loopback, 0);
    private TestCluster _cluster = null!;
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _v4.Start();
        _v6.Start();
        var database = PostgresServer.Instance.CreateDatabase("hookaddr");
        _connectionString = database.Admin;
        _cluster = await TestClusters.StartAsync(database, silos: 1, settings: new Dictionary<string, string>
        {
            ["Webhooks:PollInterval"] = "00:00:00.200",
            ["Webhooks:RetryBaseDelay"] = "00:00:10",
            ["Webhooks:RequestTimeout"] = "00:00:05",
            ["Webhooks:AllowHttp"] = "false",
            ["Webhooks:AllowPrivateAddresses"] = "false",
        });
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        _v4.Stop();
        _v6.Stop();
    }

    private int V4Port => ((IPEndPoint)_v4.LocalEndpoint).Port;

    private int V6Port => ((IPEndPoint)_v6.LocalEndpoint).Port;

    [Fact]
    public async Task HttpsWebhook_ResolvingToAnInternalAddress_IsRefusedAtConnect_RecordedAsAddressRefused_AndNothingConnects()
    {
        var urls = new[]
        {
            $"https://localhost:{V4Port}/hook",
            $"https://127.0.0.1:{V4Port}/hook",
            $"https://[::1]:{V6Port}/hook",
            $"https://[::ffff:127.0.0.1]:{V4Port}/hook",
            "https://10.0.0.1/hook",
            "https://169.254.169.254/latest/meta-data",
            "https://[fd00:ec2::254]/latest/meta-data",
        };
        var webhooks = new List<string>();
        foreach (var url in urls) webhooks.Add(await RegisterAsync(url));

        var notice = await InsertNoticeAsync();

        foreach (var (webhook, url) in webhooks.Zip(urls))
        {
            var delivery = await Polling.UntilAsync(() => DeliveryAsync(webhook, notice), d => d is { Attempts.Count: > 0 },
                Limit, $"an attempt to {url}");
            var attempt = delivery!.Attempts[0];
            Assert.Equal((DeliveryErrors.AddressRefused, (int?)null), (attempt.Error, attempt.StatusCode));
            Assert.Equal(DeliveryState.Pending, delivery.State);
        }
        Assert.False(_v4.Pending(), "nothing connected to the IPv4 loopback listener");
        Assert.False(_v6.Pending(), "nothing connected to the IPv6 loopback listener");
    }

    [Fact]
    public async Task HttpWebhook_OutsideDevelopment_IsNotSentInClear_AndRecordedAsHttpsRequired()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var webhook = await RegisterAsync($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/hook");

        var notice = await InsertNoticeAsync();

        var delivery = await Polling.UntilAsync(() => DeliveryAsync(webhook, notice), d => d is { Attempts.Count: > 0 },
            Limit, "an attempt recorded");
        Assert.Equal(DeliveryErrors.HttpsRequired, delivery!.Attempts[0].Error);
        Assert.False(listener.Pending(), "nothing connected to the listener");
    }

    private async Task<string> RegisterAsync(string url)
    {
        var id = Ids.New("hook");
        var result = await _cluster.Client.GetGrain<IWebhookGrain>(id).RegisterAsync(
            new WebhookDefinition(url, [Kind], "address-refusal-secret-0c9d"), Contexts.Authority());
        Assert.True(result.Created);
        return id;
    }

    private async Task<string> InsertNoticeAsync()
    {
        var id = Ids.New("notice");
        await using var db = NpgsqlDataSource.Create(_connectionString);
        await using var cmd = db.CreateCommand(
            "INSERT INTO notifications (id, kind, recipient, entity, at, subject) VALUES (@id, @kind, 'supervisors', @entity, now(), 'test notice')");
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("kind", Kind);
        cmd.Parameters.AddWithValue("entity", $"unit/{id}");
        await cmd.ExecuteNonQueryAsync();
        return id;
    }

    private async Task<NoticeDeliveryView?> DeliveryAsync(string webhook, string noticeId) =>
        (await _cluster.Client.GetGrain<IWebhookGrain>(webhook).ListDeliveriesAsync(new DeliveryQuery(0, 100)))!.Items
        .SingleOrDefault(d => d.NoticeId == noticeId);
}
