using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Domains.Tests.Fixtures;
using Npgsql;
using Orleans.TestingHost;

namespace Domains.Tests.Api;

/// <summary>
/// Notification channels over real protocols: a SMTP relay (SmtpServer) and a DingTalk robot on loopback,
/// a cluster and API of their own (their own business clock, so a jump here moves no other test's deadlines),
/// real HTTP. Every channel lists the fresh units of its test, so channels of other tests never carry them.
/// </summary>
public sealed class ChannelDeliveryTests : IAsyncLifetime
{
    private const string From = "notices@domains.test";
    private const string Authority = "authority@domains.test";
    private const string Console = "https://console.domains.test";
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private readonly byte[] _signingKey = RandomNumberGenerator.GetBytes(32);
    private SmtpReceiver _smtp = null!;
    private DingtalkRobot _robot = null!;
    private TestCluster _cluster = null!;
    private TestDatabase _database = null!;
    private ApiHost _host = null!;
    private ApiClient _api = null!;
    private Scenarios _world = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpReceiver.StartAsync();
        _robot = await DingtalkRobot.StartAsync();
        _database = PostgresServer.Instance.CreateDatabase("channels");
        _cluster = await TestClusters.StartAsync(_database, silos: 1, settings: new Dictionary<string, string>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = _smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Smtp:From"] = From,
            ["Channels:PollInterval"] = "00:00:00.200",
            ["Channels:RetryBaseDelay"] = "00:00:00.100",
            ["Channels:RetryMaxDelay"] = "00:00:00.400",
            ["Channels:MaxAge"] = MaxAge.ToString(),
            ["Channels:RequestTimeout"] = "00:00:05",
            ["Channels:AuthorityAddresses:0"] = Authority,
            ["Channels:SupervisorAddresses:0"] = "supervisors@domains.test",
            ["Console:PublicUrl"] = Console,
            // The robot listens on loopback http; production refuses both (as for webhooks).
            ["Webhooks:AllowHttp"] = "true",
            ["Webhooks:AllowPrivateAddresses"] = "true",
            ["Webhooks:SecretKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        _host = await ApiHost.StartAsync(_database.Api, _cluster.Options.ClusterId, _signingKey);
        _api = new ApiClient(_host.Http, new Tokens(_signingKey));
        _world = new Scenarios(_api);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        await _robot.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task RenewalDue_NinetyDaysBeforeTheTermEnds_IsEmailedInChinese_ToTheUnitsContact_WithTheDeadlineInBeijingTimeAndUtc()
    {
        var uscc = await UnitWithContactsAsync(("王芳", "wang.fang@unit.example.cn"));
        var channel = await EmailChannelAsync(["renewal-due"], uscc);
        var start = (await _world.NowAsync()).AddHours(1);
        var authorization = await _world.AuthorizationAsync("active", uscc, termStart: start, termMonths: 24);
        var termEnd = start.AddMonths(24);

        await _world.AdvanceToAsync(termEnd.AddDays(-90));

        var mail = await MailOfAsync(channel, count: 1);
        var message = mail[0].Message;
        var text = message.TextBody;
        var beijing = termEnd.ToOffset(TimeSpan.FromHours(8));
        Assert.Equal(["wang.fang@unit.example.cn"], mail[0].RcptTo);
        Assert.Equal("wang.fang@unit.example.cn", Assert.Single(message.To.Mailboxes).Address);
        Assert.Contains("续期提醒", message.Subject, StringComparison.Ordinal);
        Assert.Contains(authorization, message.Subject, StringComparison.Ordinal);
        Assert.Equal("zh-CN", message.Body!.Headers["Content-Language"]);
        Assert.Contains($"截止时间：{beijing:yyyy-MM-dd HH:mm}（北京时间） / {termEnd.UtcDateTime:yyyy-MM-dd HH:mm}Z（UTC）", text, StringComparison.Ordinal);
        Assert.Contains($"{Console}/authorizations/{authorization}", text, StringComparison.Ordinal);
        var notice = Assert.Single(await _world.InboxAsync($"unit:{uscc}", "renewal-due"));
        Assert.Equal(notice.GetProperty("id").GetString(), mail[0].NoticeId);
        Assert.Equal($"notice-{mail[0].NoticeId}@domains.test", message.MessageId);
        var delivery = Assert.Single(await DeliveriesAsync(channel));
        Assert.Equal("delivered", delivery.GetProperty("state").GetString());
        Assert.Equal(250, Assert.Single(delivery.GetProperty("attempts").EnumerateArray().ToList()).GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task RelayRefusingTheFirstTwoAttempts_LeadsToRetries_AndOneDeliveryRecordedDelivered_WithOneMessageAccepted()
    {
        var uscc = await UnitWithContactsAsync(("Li Na", "li.na@unit.example.cn"));
        var channel = await EmailChannelAsync(["report-due"], uscc);
        _smtp.RefuseNext(2);

        var notice = await InsertNoticeAsync("report-due", uscc);

        var delivery = await Polling.UntilAsync(() => DeliveryAsync(channel, notice), d => d?.GetProperty("state").GetString() == "delivered",
            Limit, "the email delivery acknowledged");
        var attempts = delivery!.Value.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal([452, 452, 250], attempts.Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.Equal(["smtp-4xx", "smtp-4xx", null], attempts.Select(a => a.GetProperty("error").GetString()));
        Assert.Single(await DeliveriesAsync(channel));
        Assert.Single(await MailOfAsync(channel, count: 1));
    }

    [Fact]
    public async Task DingtalkRobot_GetsTheSignedMarkdownMessage_AndANonZeroErrcodeIsAFailedAttempt_Retried()
    {
        var uscc = await UnitWithContactsAsync();
        var channel = Ids.New("chan");
        Assert.Equal(201, (await _api.PutAsync($"/v1/channels/{channel}", "authority", new
        {
            kind = "dingtalk", kinds = new[] { "report-due" }, recipients = new[] { uscc }, language = "en",
            target = new { url = _robot.Url.ToString(), secret = _robot.Secret },
        })).Status);
        _robot.AnswerNext(1, 130101);

        var notice = await InsertNoticeAsync("report-due", uscc);

        var delivery = await Polling.UntilAsync(() => DeliveryAsync(channel, notice), d => d?.GetProperty("state").GetString() == "delivered",
            Limit, "the robot's errcode 0");
        var attempts = delivery!.Value.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(["errcode-130101", null], attempts.Select(a => a.GetProperty("error").GetString()));
        var received = _robot.Messages.Where(m => m.NoticeId == notice).ToList();
        Assert.Equal(2, received.Count);
        Assert.All(received, m => Assert.True(m.Signed, "signed with timestamp and sign"));
        Assert.All(received, m => Assert.Equal("markdown", m.MsgType));
        Assert.Contains("[Report due]", received[^1].Title, StringComparison.Ordinal);
        Assert.Contains(notice, received[^1].Text, StringComparison.Ordinal);
        Assert.False((await _api.GetAsync($"/v1/channels/{channel}")).Body.Contains(_robot.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DisabledChannel_SendsNothing_WhileAnEnabledOneForTheSameUnitDelivers()
    {
        var uscc = await UnitWithContactsAsync(("Zhao Lei", "zhao.lei@unit.example.cn"));
        var disabled = await EmailChannelAsync(["report-overdue"], uscc);
        var control = await EmailChannelAsync(["report-overdue"], uscc);
        Assert.Equal(200, (await _api.PostAsync($"/v1/channels/{disabled}/disable", "authority")).Status);

        var notice = await InsertNoticeAsync("report-overdue", uscc);

        await Polling.UntilAsync(() => DeliveryAsync(control, notice), d => d?.GetProperty("state").GetString() == "delivered",
            Limit, "the enabled channel's delivery");
        Assert.Equal("disabled", (await _api.GetAsync($"/v1/channels/{disabled}")).Str("state"));
        Assert.Empty(await DeliveriesAsync(disabled));
        Assert.DoesNotContain(_smtp.Messages, m => m.Channel == disabled);
    }

    [Fact]
    public async Task ClockJumpOverManyDeadlines_SendsEachNoticeOncePerChannelAndRecipient()
    {
        var units = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            units.Add(await UnitWithContactsAsync(($"Contact A{i}", $"a{i}@unit.example.cn"), ($"Contact B{i}", $"b{i}@unit.example.cn")));
        }
        string[] kinds = ["renewal-due", "authorization-expired"];
        var email = await EmailChannelAsync(kinds, [.. units]);
        var robot = Ids.New("chan");
        Assert.Equal(201, (await _api.PutAsync($"/v1/channels/{robot}", "authority", new
        {
            kind = "dingtalk", kinds, recipients = units, target = new { url = _robot.Url.ToString(), secret = _robot.Secret },
        })).Status);
        var start = (await _world.NowAsync()).AddHours(1);
        foreach (var uscc in units) await _world.AuthorizationAsync("active", uscc, termStart: start, termMonths: 12);

        await _world.AdvanceToAsync(start.AddMonths(12).AddDays(1));

        // Per authorization: renewal-due at 90, 30 and 7 days, then authorization-expired.
        var notices = new List<string>();
        foreach (var uscc in units)
        {
            foreach (var kind in kinds) notices.AddRange((await _world.InboxAsync($"unit:{uscc}", kind)).Select(n => n.GetProperty("id").GetString()!));
        }
        Assert.Equal(12, notices.Count);
        await Polling.UntilAsync(() => DeliveriesAsync(email), d => d.Count == 12 && d.All(x => x.GetProperty("state").GetString() == "delivered"),
            Limit, "twelve emails delivered");
        await Polling.UntilAsync(() => DeliveriesAsync(robot), d => d.Count == 12 && d.All(x => x.GetProperty("state").GetString() == "delivered"),
            Limit, "twelve robot messages delivered");
        var mail = _smtp.Messages.Where(m => m.Channel == email).ToList();
        Assert.Equal(notices.Order(StringComparer.Ordinal), mail.Select(m => m.NoticeId!).Order(StringComparer.Ordinal));
        Assert.All(mail, m => Assert.Equal(2, m.RcptTo.Count));
        Assert.Equal(notices.Order(StringComparer.Ordinal),
            _robot.Messages.Where(m => notices.Contains(m.NoticeId!)).Select(m => m.NoticeId!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task NoticeWithNoAddress_IsRetriedUntilTheMaximumAge_ThenFailed_AndTheAuthorityIsTold()
    {
        var uscc = await UnitWithContactsAsync();
        var channel = await EmailChannelAsync(["report-due"], uscc);

        var notice = await InsertNoticeAsync("report-due", uscc);

        var delivery = await Polling.UntilAsync(() => DeliveryAsync(channel, notice), d => d?.GetProperty("state").GetString() == "failed",
            Limit, "the delivery given up");
        Assert.All(delivery!.Value.GetProperty("attempts").EnumerateArray(), a => Assert.Equal("no-address", a.GetProperty("error").GetString()));
        var told = await Polling.UntilAsync(() => _world.InboxAsync("authority", "delivery-failed"),
            n => n.Any(x => x.GetProperty("entity").GetString() == $"channel/{channel}"), Limit, "the authority's notice");
        Assert.Contains(notice, told.Single(x => x.GetProperty("entity").GetString() == $"channel/{channel}").GetProperty("subject").GetString(),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"kind":"sms","kinds":["renewal-due"],"recipients":"units","target":{}}""", "kind")]
    [InlineData("""{"kind":"email","kinds":["renewal-due","no-such-kind"],"recipients":"units","target":{}}""", "kinds")]
    [InlineData("""{"kind":"email","kinds":["renewal-due"],"recipients":"everyone","target":{}}""", "recipients")]
    [InlineData("""{"kind":"email","kinds":["renewal-due"],"recipients":["NOT-A-USCC"],"target":{}}""", "recipients[0]")]
    [InlineData("""{"kind":"email","kinds":["renewal-due"],"recipients":"units","target":{},"language":"fr"}""", "language")]
    [InlineData("""{"kind":"dingtalk","kinds":["renewal-due"],"recipients":"units","target":{"url":"https://oapi.dingtalk.com/robot/send?access_token=x"}}""", "target.secret")]
    public async Task Put_WithBadInput_Is400NamingTheField_AndCreatesNothing(string body, string field)
    {
        var id = Ids.New("chan");

        var reply = await _api.SendAsync(HttpMethod.Put, $"/v1/channels/{id}", "authority", rawBody: body);

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
        Assert.Equal([field], reply.Json.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(404, (await _api.GetAsync($"/v1/channels/{id}")).Status);
    }

    [Fact]
    public async Task Put_ADingtalkRobotOverHttp_OutsideDevelopment_Is400NamingTheUrl()
    {
        await using var production = await ApiHost.StartAsync(_database.Api, _cluster.Options.ClusterId, _signingKey,
            new Dictionary<string, string?> { ["Webhooks:AllowHttp"] = null, ["Webhooks:AllowPrivateAddresses"] = null },
            builder => builder.Environment.EnvironmentName = "Production");
        var client = new ApiClient(production.Http, new Tokens(_signingKey));
        var id = Ids.New("chan");

        var refused = await client.PutAsync($"/v1/channels/{id}", "authority", new
        {
            kind = "dingtalk", kinds = new[] { "renewal-due" }, recipients = "units",
            target = new { url = "http://oapi.dingtalk.com/robot/send?access_token=x", secret = "SECabc" },
        });

        Assert.Equal(400, refused.Status);
        Assert.Equal(["target.url"], refused.Json.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(404, (await _api.GetAsync($"/v1/channels/{id}")).Status);
    }

    [Fact]
    public async Task PutUnit_WithAnInvalidContactAddress_Is400NamingIt()
    {
        var uscc = Scenarios.NewUscc();

        var reply = await _api.PutAsync($"/v1/units/{uscc}", "authority", UnitBody([("Wang", "wang.fang@example.cn"), ("Li", "li na@example")]));

        Assert.Equal(400, reply.Status);
        Assert.Equal(["contacts[1].email"], reply.Json.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(404, (await _api.GetAsync($"/v1/units/{uscc}")).Status);
    }

    private static object UnitBody(IEnumerable<(string Name, string Email)> contacts) => new
    {
        name = "Xiamen Data Co.",
        principal = new { name = "Lin Wei", title = "Chairman" },
        securityOfficer = new { name = "Chen Jie", department = "Data Security Dept." },
        contacts = contacts.Select(c => new { name = c.Name, email = c.Email }).ToArray(),
    };

    private async Task<string> UnitWithContactsAsync(params (string Name, string Email)[] contacts)
    {
        var uscc = await _world.QualifiedUnitAsync();
        var reply = await _api.PutAsync($"/v1/units/{uscc}", "authority", UnitBody(contacts));
        Assert.Equal(200, reply.Status);
        Assert.Equal(contacts.Select(c => c.Email), reply.Json.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("email").GetString()!));
        return uscc;
    }

    private async Task<string> EmailChannelAsync(string[] kinds, params string[] units)
    {
        var id = Ids.New("chan");
        var reply = await _api.PutAsync($"/v1/channels/{id}", "authority", new { kind = "email", kinds, recipients = units, target = new { } });
        Assert.Equal(201, reply.Status);
        Assert.Equal("zh-CN", reply.Str("language"));
        return id;
    }

    private async Task<List<SmtpReceiver.ReceivedMail>> MailOfAsync(string channel, int count) =>
        await Polling.UntilAsync(() => _smtp.Messages.Where(m => m.Channel == channel).ToList(), m => m.Count >= count, Limit, $"{count} email(s) of {channel}");

    private async Task<List<JsonElement>> DeliveriesAsync(string channel)
    {
        var reply = await _api.GetAsync($"/v1/channels/{channel}/deliveries?limit=500", "auditor");
        Assert.Equal(200, reply.Status);
        return reply.Json.GetProperty("items").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private async Task<JsonElement?> DeliveryAsync(string channel, string notice) =>
        (await DeliveriesAsync(channel)).Cast<JsonElement?>().FirstOrDefault(d => d!.Value.GetProperty("noticeId").GetString() == notice);

    /// <summary>A notice to a unit as an entity grain's outbox writes it (about no real entity: no deadline line).</summary>
    private async Task<string> InsertNoticeAsync(string kind, string uscc)
    {
        var id = Ids.New("notice");
        await using var db = NpgsqlDataSource.Create(_database.Admin);
        await using var cmd = db.CreateCommand(
            "INSERT INTO notifications (id, kind, recipient, entity, at, subject) VALUES (@id, @kind, @recipient, @entity, now(), 'test notice')");
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("kind", kind);
        cmd.Parameters.AddWithValue("recipient", $"unit:{uscc}");
        cmd.Parameters.AddWithValue("entity", $"authorization/{id}");
        await cmd.ExecuteNonQueryAsync();
        return id;
    }
}
