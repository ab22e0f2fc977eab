using Domains.Tests.Fixtures;

namespace Domains.Tests.Api;

/// <summary>
/// Email through a relay that offers STARTTLS (a self-signed certificate, accepted by
/// <c>Smtp:AcceptAnyCertificate</c>) and takes AUTH only after it, from one user: the silo's user and
/// password (from <c>Smtp:PasswordFile</c>) must reach it over TLS, and a password the relay refuses is a
/// failed attempt, retried, never delivered, and never written to any log of the silo.
/// </summary>
public sealed class SecureRelayTests : ChannelStack, IDisposable
{
    private const string User = "domains-notices";

    private readonly string _password = "relay-" + Guid.NewGuid().ToString("N");
    private readonly string _passwordFile = Path.Combine(Path.GetTempPath(), $"smtp-{Guid.NewGuid():N}.password");
    private readonly (string Key, LogCapture Capture) _logs = SiloLogs.New();

    public SecureRelayTests()
    {
        File.WriteAllText(_passwordFile, _password + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    protected override TimeSpan MaxAge => TimeSpan.FromSeconds(4);

    protected override SmtpReceiver.Login? RelayLogin => new(User, _password);

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Smtp:Username"] = User,
        ["Smtp:PasswordFile"] = _passwordFile,
        ["Smtp:AcceptAnyCertificate"] = "true",
        [SiloLogs.Setting] = _logs.Key,
    };

    public void Dispose()
    {
        File.Delete(_passwordFile);
        SiloLogs.Forget(_logs.Key);
    }

    [Fact]
    public async Task RelayOfferingStartTls_AndWantingAuthentication_ReceivesTheNoticeOverTls_AsTheConfiguredUser()
    {
        var uscc = await UnitWithContactsAsync(("Sun Li", "sun.li@unit.example.cn"));
        var channel = await EmailChannelAsync(["report-due"], uscc);

        var notice = await InsertNoticeAsync("report-due", uscc);

        var delivery = await Polling.UntilAsync(() => DeliveryAsync(channel, notice), d => d?.GetProperty("state").GetString() == "delivered",
            Limit, "the email delivery acknowledged");
        var mail = Assert.Single(Smtp.Messages, m => m.NoticeId == notice);
        Assert.True(mail.Secure, "the session was upgraded with STARTTLS before the message");
        Assert.Equal(User, mail.User);
        Assert.Equal(["sun.li@unit.example.cn"], mail.RcptTo);
        Assert.Equal(250, Assert.Single(delivery!.Value.GetProperty("attempts").EnumerateArray().ToList()).GetProperty("statusCode").GetInt32());
        Assert.Equal(0, Smtp.AuthenticationsRefused);
    }

    [Fact]
    public async Task AWrongPassword_FailsEachAttemptAsAuthFailed_IsRetried_NeverDelivered_AndIsLoggedNowhere()
    {
        var uscc = await UnitWithContactsAsync(("Zhou Min", "zhou.min@unit.example.cn"));
        var channel = await EmailChannelAsync(["report-due"], uscc);
        Smtp.Password = "the relay's password changed";

        var notice = await InsertNoticeAsync("report-due", uscc);

        var delivery = await Polling.UntilAsync(() => DeliveryAsync(channel, notice), d => d?.GetProperty("state").GetString() == "failed",
            Limit, "the delivery given up after its maximum age");
        var attempts = delivery!.Value.GetProperty("attempts").EnumerateArray().ToList();
        Assert.True(attempts.Count >= 2, $"retried: {attempts.Count} attempt(s)");
        Assert.All(attempts, a => Assert.Equal("auth-failed", a.GetProperty("error").GetString()));
        Assert.DoesNotContain(Smtp.Messages, m => m.NoticeId == notice);
        Assert.True(Smtp.AuthenticationsRefused >= attempts.Count);
        var text = string.Join("\n", _logs.Capture.Records.Select(r => $"{r.Category} {r.EventName} {r.Message} {r.Exception}"));
        // The capture saw the channel give up (its warning names the last attempt's class), so its silence about the password means something.
        Assert.Contains($"notice {notice} failed after", text, StringComparison.Ordinal);
        Assert.Contains("auth-failed", text, StringComparison.Ordinal);
        Assert.DoesNotContain(_password, text, StringComparison.Ordinal);
        // And not as AUTH PLAIN sends it.
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"\0{User}\0{_password}")), text, StringComparison.Ordinal);
    }
}
