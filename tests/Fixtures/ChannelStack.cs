using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using Orleans.TestingHost;

namespace Domains.Tests.Fixtures;

/// <summary>
/// What a channel test stands on, per test: a SMTP relay (SmtpServer) and a DingTalk robot on loopback, a
/// cluster and API of their own on a fresh database (their own business clock and console accounts), and
/// the steps channel tests share. A derived class may ask for a relay with TLS and a login
/// (<see cref="RelayLogin"/>) and add silo settings (<see cref="Settings"/>).
/// </summary>
public abstract class ChannelStack : IAsyncLifetime
{
    protected const string From = "notices@domains.test";
    protected const string Authority = "authority@domains.test";
    protected const string Supervisors = "supervisors@domains.test";
    protected const string Console = "https://console.domains.test";
    protected static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    protected byte[] SigningKey { get; } = RandomNumberGenerator.GetBytes(32);

    protected SmtpReceiver Smtp { get; private set; } = null!;

    protected DingtalkRobot Robot { get; private set; } = null!;

    protected TestCluster Cluster { get; private set; } = null!;

    protected TestDatabase Database { get; private set; } = null!;

    protected ApiHost Host { get; private set; } = null!;

    protected ApiClient Client { get; private set; } = null!;

    protected Scenarios World { get; private set; } = null!;

    /// <summary>How long a delivery is retried before it is given up.</summary>
    protected virtual TimeSpan MaxAge => TimeSpan.FromSeconds(6);

    /// <summary>The relay's one user, when it should offer STARTTLS and want AUTH.</summary>
    protected virtual SmtpReceiver.Login? RelayLogin => null;

    /// <summary>Silo settings besides the relay, the schedule and the addresses.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        Smtp = await SmtpReceiver.StartAsync(RelayLogin);
        Robot = await DingtalkRobot.StartAsync();
        Database = PostgresServer.Instance.CreateDatabase("channels");
        var settings = new Dictionary<string, string>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Smtp:From"] = From,
            ["Channels:PollInterval"] = "00:00:00.200",
            ["Channels:RetryBaseDelay"] = "00:00:00.100",
            ["Channels:RetryMaxDelay"] = "00:00:00.400",
            ["Channels:MaxAge"] = MaxAge.ToString(),
            ["Channels:RequestTimeout"] = "00:00:05",
            ["Channels:AuthorityAddresses:0"] = Authority,
            ["Channels:SupervisorAddresses:0"] = Supervisors,
            ["Console:PublicUrl"] = Console,
            // The robot listens on loopback http; production refuses both (as for webhooks).
            ["Webhooks:AllowHttp"] = "true",
            ["Webhooks:AllowPrivateAddresses"] = "true",
            ["Webhooks:SecretKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        foreach (var (key, value) in Settings) settings[key] = value;
        Cluster = await TestClusters.StartAsync(Database, silos: 1, settings: settings);
        Host = await ApiHost.StartAsync(Database.Api, Cluster.Options.ClusterId, SigningKey);
        Client = new ApiClient(Host.Http, new Tokens(SigningKey));
        World = new Scenarios(Client);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Robot.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    protected static object UnitBody(IEnumerable<(string Name, string Email)> contacts) => new
    {
        name = "Xiamen Data Co.",
        principal = new { name = "Lin Wei", title = "Chairman" },
        securityOfficer = new { name = "Chen Jie", department = "Data Security Dept." },
        contacts = contacts.Select(c => new { name = c.Name, email = c.Email }).ToArray(),
    };

    protected async Task<string> UnitWithContactsAsync(params (string Name, string Email)[] contacts)
    {
        var uscc = await World.QualifiedUnitAsync();
        var reply = await Client.PutAsync($"/v1/units/{uscc}", "authority", UnitBody(contacts));
        Assert.Equal(200, reply.Status);
        Assert.Equal(contacts.Select(c => c.Email), reply.Json.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("email").GetString()!));
        return uscc;
    }

    protected async Task<string> EmailChannelAsync(string[] kinds, params string[] units) => await EmailChannelToAsync(kinds, units);

    /// <summary>An email channel to <paramref name="recipients"/>: unit USCCs, or <c>"units"</c>, <c>"supervisors"</c>, <c>"authority"</c>.</summary>
    protected async Task<string> EmailChannelToAsync(string[] kinds, object recipients)
    {
        var id = Ids.New("chan");
        var reply = await Client.PutAsync($"/v1/channels/{id}", "authority", new { kind = "email", kinds, recipients, target = new { } });
        Assert.Equal(201, reply.Status);
        Assert.Equal("zh-CN", reply.Str("language"));
        return id;
    }

    protected async Task<List<SmtpReceiver.ReceivedMail>> MailOfAsync(string channel, int count) =>
        await Polling.UntilAsync(() => Smtp.Messages.Where(m => m.Channel == channel).ToList(), m => m.Count >= count, Limit, $"{count} email(s) of {channel}");

    protected async Task<List<JsonElement>> DeliveriesAsync(string channel)
    {
        var reply = await Client.GetAsync($"/v1/channels/{channel}/deliveries?limit=500", "auditor");
        Assert.Equal(200, reply.Status);
        return reply.Json.GetProperty("items").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    protected async Task<JsonElement?> DeliveryAsync(string channel, string notice) =>
        (await DeliveriesAsync(channel)).Cast<JsonElement?>().FirstOrDefault(d => d!.Value.GetProperty("noticeId").GetString() == notice);

    /// <summary>A notice to a unit as an entity grain's outbox writes it (about no real entity: no deadline line).</summary>
    protected Task<string> InsertNoticeAsync(string kind, string uscc) => InsertNoticeToAsync(kind, $"unit:{uscc}");

    /// <summary>A notice to <paramref name="recipient"/> (<c>unit:USCC</c>, <c>supervisors</c>, <c>authority</c>) as an outbox writes it.</summary>
    protected async Task<string> InsertNoticeToAsync(string kind, string recipient)
    {
        var id = Ids.New("notice");
        await using var db = NpgsqlDataSource.Create(Database.Admin);
        await using var cmd = db.CreateCommand(
            "INSERT INTO notifications (id, kind, recipient, entity, at, subject) VALUES (@id, @kind, @recipient, @entity, now(), 'test notice')");
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("kind", kind);
        cmd.Parameters.AddWithValue("recipient", recipient);
        cmd.Parameters.AddWithValue("entity", $"authorization/{id}");
        await cmd.ExecuteNonQueryAsync();
        return id;
    }
}
