using Domains.Grains.Channels;
using Domains.Grains.Delivery;
using Domains.Tests.Fixtures;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Domains.Tests.Units;

/// <summary>The email sender alone against a real relay that offers STARTTLS with a certificate no one vouches for.</summary>
public sealed class EmailSenderTests
{
    [Fact]
    public async Task ARelaysCertificateFailingValidation_IsATlsFailedAttempt_AndNothingIsSent()
    {
        await using var relay = await SmtpReceiver.StartAsync(new SmtpReceiver.Login("domains-notices", "secret-" + Guid.NewGuid().ToString("N")));
        var sender = new EmailSender(
            Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = relay.Port, From = "notices@domains.test", Username = "domains-notices", Password = "x" }),
            Options.Create(new ChannelOptions { RequestTimeout = TimeSpan.FromSeconds(10) }), TimeProvider.System);
        var text = new ChannelMessage("subject", "lead", [], null, "link", "footer");

        var result = await sender.SendAsync("chan-tls", Ids.New("notice"), DateTimeOffset.UtcNow, [new MailboxAddress(null, "li.na@unit.example.cn")], text, "zh-CN");

        Assert.Equal(DeliveryErrors.TlsFailed, result.Error);
        Assert.Empty(relay.Messages);
        Assert.Equal(0, relay.AuthenticationsRefused);
    }
}
