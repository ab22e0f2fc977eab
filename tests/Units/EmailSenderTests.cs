using Domains.Grains.Channels;
using Domains.Grains.Delivery;
using Domains.Tests.Fixtures;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Domains.Tests.Units;

/// <summary>The email sender alone: with no relay configured (ops/run without --mail-sink), and against a real relay that offers STARTTLS with a certificate no one vouches for.</summary>
public sealed class EmailSenderTests
{
    private static readonly ChannelMessage Text = new("subject", "lead", [], null, "link", "footer");

    [Fact]
    public async Task WithoutARelayConfigured_AnAttemptFailsAsSmtpNotConfigured_SendingNothing()
    {
        var sender = new EmailSender(Options.Create(new SmtpOptions()), Options.Create(new ChannelOptions()), TimeProvider.System);

        var result = await sender.SendAsync("chan-none", Ids.New("notice"), DateTimeOffset.UtcNow, [new MailboxAddress(null, "li.na@unit.example.cn")], Text, "zh-CN");

        Assert.Equal(EmailSender.NotConfigured, result.Error);
        Assert.Null(result.StatusCode);
    }

    [Fact]
    public async Task ARelaysCertificateFailingValidation_IsATlsFailedAttempt_AndNothingIsSent()
    {
        await using var relay = await SmtpReceiver.StartAsync(new SmtpReceiver.Login("domains-notices", "secret-" + Guid.NewGuid().ToString("N")));
        var sender = new EmailSender(
            Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = relay.Port, From = "notices@domains.test", Username = "domains-notices", Password = "x" }),
            Options.Create(new ChannelOptions { RequestTimeout = TimeSpan.FromSeconds(10) }), TimeProvider.System);

        var result = await sender.SendAsync("chan-tls", Ids.New("notice"), DateTimeOffset.UtcNow, [new MailboxAddress(null, "li.na@unit.example.cn")], Text, "zh-CN");

        Assert.Equal(DeliveryErrors.TlsFailed, result.Error);
        Assert.Empty(relay.Messages);
        Assert.Equal(0, relay.AuthenticationsRefused);
    }
}
