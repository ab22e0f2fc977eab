using Domains.Tests.Fixtures;
using Domains.WebConsole.Accounts;
using Npgsql;

namespace Domains.Tests.Api;

/// <summary>
/// Notification channels over real protocols: a SMTP relay (SmtpServer) and a DingTalk robot on loopback,
/// a cluster and API of their own (their own business clock, so a jump here moves no other test's deadlines),
/// real HTTP. Every channel lists the fresh units of its test, so channels of other tests never carry them.
/// </summary>
public sealed class ChannelDeliveryTests : ChannelStack
{
    [Fact]
    public async Task RenewalDue_NinetyDaysBeforeTheTermEnds_IsEmailedInChinese_ToTheUnitsContact_WithTheDeadlineInBeijingTimeAndUtc()
    {
        var uscc = await UnitWithContactsAsync(("王芳", "wang.fang@unit.example.cn"));
        var channel = await EmailChannelAsync(["renewal-due"], uscc);
        var start = (await World.NowAsync()).AddHours(1);
        var authorization = await World.AuthorizationAsync("active", uscc, termStart: start, termMonths: 24);
        var termEnd = start.AddMonths(24);

        await World.AdvanceToAsync(termEnd.AddDays(-90));

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
        var notice = Assert.Single(await World.InboxAsync($"unit:{uscc}", "renewal-due"));
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
        Smtp.RefuseNext(2);

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
        Assert.Equal(201, (await Client.PutAsync($"/v1/channels/{channel}", "authority", new
        {
            kind = "dingtalk", kinds = new[] { "report-due" }, recipients = new[] { uscc }, language = "en",
            target = new { url = Robot.Url.ToString(), secret = Robot.Secret },
        })).Status);
        Robot.AnswerNext(1, 130101);

        var notice = await InsertNoticeAsync("report-due", uscc);

        var delivery = await Polling.UntilAsync(() => DeliveryAsync(channel, notice), d => d?.GetProperty("state").GetString() == "delivered",
            Limit, "the robot's errcode 0");
        var attempts = delivery!.Value.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(["errcode-130101", null], attempts.Select(a => a.GetProperty("error").GetString()));
        var received = Robot.Messages.Where(m => m.NoticeId == notice).ToList();
        Assert.Equal(2, received.Count);
        Assert.All(received, m => Assert.True(m.Signed, "signed with timestamp and sign"));
        Assert.All(received, m => Assert.Equal("markdown", m.MsgType));
        Assert.Contains("[Report due]", received[^1].Title, StringComparison.Ordinal);
        Assert.Contains(notice, received[^1].Text, StringComparison.Ordinal);
        Assert.False((await Client.GetAsync($"/v1/channels/{channel}")).Body.Contains(Robot.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DisabledChannel_SendsNothing_WhileAnEnabledOneForTheSameUnitDelivers()
    {
        var uscc = await UnitWithContactsAsync(("Zhao Lei", "zhao.lei@unit.example.cn"));
        var disabled = await EmailChannelAsync(["report-overdue"], uscc);
        var control = await EmailChannelAsync(["report-overdue"], uscc);
        Assert.Equal(200, (await Client.PostAsync($"/v1/channels/{disabled}/disable", "authority")).Status);

        var notice = await InsertNoticeAsync("report-overdue", uscc);

        await Polling.UntilAsync(() => DeliveryAsync(control, notice), d => d?.GetProperty("state").GetString() == "delivered",
            Limit, "the enabled channel's delivery");
        Assert.Equal("disabled", (await Client.GetAsync($"/v1/channels/{disabled}")).Str("state"));
        Assert.Empty(await DeliveriesAsync(disabled));
        Assert.DoesNotContain(Smtp.Messages, m => m.Channel == disabled);
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
        Assert.Equal(201, (await Client.PutAsync($"/v1/channels/{robot}", "authority", new
        {
            kind = "dingtalk", kinds, recipients = units, target = new { url = Robot.Url.ToString(), secret = Robot.Secret },
        })).Status);
        var start = (await World.NowAsync()).AddHours(1);
        foreach (var uscc in units) await World.AuthorizationAsync("active", uscc, termStart: start, termMonths: 12);

        await World.AdvanceToAsync(start.AddMonths(12).AddDays(1));

        // Per authorization: renewal-due at 90, 30 and 7 days, then authorization-expired.
        var notices = new List<string>();
        foreach (var uscc in units)
        {
            foreach (var kind in kinds) notices.AddRange((await World.InboxAsync($"unit:{uscc}", kind)).Select(n => n.GetProperty("id").GetString()!));
        }
        Assert.Equal(12, notices.Count);
        await Polling.UntilAsync(() => DeliveriesAsync(email), d => d.Count == 12 && d.All(x => x.GetProperty("state").GetString() == "delivered"),
            Limit, "twelve emails delivered");
        await Polling.UntilAsync(() => DeliveriesAsync(robot), d => d.Count == 12 && d.All(x => x.GetProperty("state").GetString() == "delivered"),
            Limit, "twelve robot messages delivered");
        var mail = Smtp.Messages.Where(m => m.Channel == email).ToList();
        Assert.Equal(notices.Order(StringComparer.Ordinal), mail.Select(m => m.NoticeId!).Order(StringComparer.Ordinal));
        Assert.All(mail, m => Assert.Equal(2, m.RcptTo.Count));
        Assert.Equal(notices.Order(StringComparer.Ordinal),
            Robot.Messages.Where(m => notices.Contains(m.NoticeId!)).Select(m => m.NoticeId!).Order(StringComparer.Ordinal));
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
        var told = await Polling.UntilAsync(() => World.InboxAsync("authority", "delivery-failed"),
            n => n.Any(x => x.GetProperty("entity").GetString() == $"channel/{channel}"), Limit, "the authority's notice");
        Assert.Contains(notice, told.Single(x => x.GetProperty("entity").GetString() == $"channel/{channel}").GetProperty("subject").GetString(),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("supervisors", Roles.Supervisor, Roles.Authority, Supervisors)]
    [InlineData("authority", Roles.Authority, Roles.Supervisor, Authority)]
    public async Task StaffNotice_IsEmailedToTheConfiguredAddresses_AndToTheRolesConsoleAccountsWithAnEmail_EachOnce(
        string recipients, string role, string otherRole, string configured)
    {
        await using var console = NpgsqlDataSource.Create(Database.Console);
        var accounts = new AccountStore(console);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var withEmail = await AccountAsync(accounts, role, $"with.email.{tag}@staff.example.cn");
        await AccountAsync(accounts, role, configured.ToUpperInvariant());
        await AccountAsync(accounts, role, email: null);
        var other = await AccountAsync(accounts, otherRole, $"other.role.{tag}@staff.example.cn");
        var disabled = await AccountAsync(accounts, role, $"disabled.{tag}@staff.example.cn");
        Assert.True(await accounts.DisableAsync(disabled.Name, DateTimeOffset.UtcNow));
        // Failed sign-ins lock an account for a while; that stops no mail.
        var locked = await AccountAsync(accounts, role, $"locked.{tag}@staff.example.cn");
        await accounts.RecordFailureAsync(locked.Name, maxFailures: 1, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));
        var channel = await EmailChannelToAsync(["report-overdue"], recipients);

        var notice = await InsertNoticeToAsync("report-overdue", recipients);

        var mail = await Polling.UntilAsync(() => Smtp.Messages.Where(m => m.Channel == channel && m.NoticeId == notice).ToList(),
            m => m.Count >= 1, Limit, "the staff's email");
        var to = Assert.Single(mail).RcptTo;
        Assert.Equal(
            new[] { configured, withEmail.Email!, locked.Email! }.Order(StringComparer.OrdinalIgnoreCase),
            to.Order(StringComparer.OrdinalIgnoreCase),
            StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(other.Email!, to, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(disabled.Email!, to, StringComparer.OrdinalIgnoreCase);
        Assert.True((await accounts.FindAsync(disabled.Name))!.IsLockedAt(DateTimeOffset.MaxValue.AddYears(-1)), "disabled for good");
        Assert.Equal("delivered", (await DeliveryAsync(channel, notice))!.Value.GetProperty("state").GetString());
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

        var reply = await Client.SendAsync(HttpMethod.Put, $"/v1/channels/{id}", "authority", rawBody: body);

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
        Assert.Equal([field], reply.Json.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(404, (await Client.GetAsync($"/v1/channels/{id}")).Status);
    }

    [Fact]
    public async Task Put_ADingtalkRobotOverHttp_OutsideDevelopment_Is400NamingTheUrl()
    {
        await using var production = await ApiHost.StartAsync(Database.Api, Cluster.Options.ClusterId, SigningKey,
            new Dictionary<string, string?> { ["Webhooks:AllowHttp"] = null, ["Webhooks:AllowPrivateAddresses"] = null },
            builder => builder.Environment.EnvironmentName = "Production");
        var client = new ApiClient(production.Http, new Tokens(SigningKey));
        var id = Ids.New("chan");

        var refused = await client.PutAsync($"/v1/channels/{id}", "authority", new
        {
            kind = "dingtalk", kinds = new[] { "renewal-due" }, recipients = "units",
            target = new { url = "http://oapi.dingtalk.com/robot/send?access_token=x", secret = "SECabc" },
        });

        Assert.Equal(400, refused.Status);
        Assert.Equal(["target.url"], refused.Json.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(404, (await Client.GetAsync($"/v1/channels/{id}")).Status);
    }

    [Fact]
    public async Task PutUnit_WithAnInvalidContactAddress_Is400NamingIt()
    {
        var uscc = Scenarios.NewUscc();

        var reply = await Client.PutAsync($"/v1/units/{uscc}", "authority", UnitBody([("Wang", "wang.fang@example.cn"), ("Li", "li na@example")]));

        Assert.Equal(400, reply.Status);
        Assert.Equal(["contacts[1].email"], reply.Json.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(404, (await Client.GetAsync($"/v1/units/{uscc}")).Status);
    }

    private static async Task<Account> AccountAsync(AccountStore accounts, string role, string? email)
    {
        var name = $"{role}-{Guid.NewGuid():N}"[..24];
        Assert.True(await accounts.AddAsync(name, role, unit: null, "not a hash", DateTimeOffset.UtcNow, email));
        return (await accounts.FindAsync(name))!;
    }
}
