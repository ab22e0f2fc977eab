using System.Net.Sockets;
using Domains.Grains.Delivery;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace Domains.Grains.Channels;

/// <summary>
/// Sends one notice as one email through the configured relay (<see cref="SmtpOptions"/>), once: STARTTLS
/// whenever the relay offers it, authentication only when a user name is configured. The Message-ID is
/// the notice id at the sender's domain, so a redelivery (an attempt whose acceptance was lost) is the same
/// message to every mail client. An SMTP refusal is a failed attempt recorded by its reply code.
/// </summary>
public sealed class EmailSender(IOptions<SmtpOptions> smtp, IOptions<ChannelOptions> channels, TimeProvider time)
{
    /// <summary>Recorded when no relay is configured; the delivery is retried until its maximum age.</summary>
    public const string NotConfigured = "smtp-not-configured";

    /// <summary>The notice has no address to go to (a unit without contacts, no configured addresses).</summary>
    public const string NoAddress = "no-address";

    public const string AuthenticationFailed = "auth-failed";

    /// <summary>Which channel sent it: two channels may carry one notice (same Message-ID) to one address.</summary>
    public const string ChannelHeader = "X-Domains-Channel";

    public static string MessageId(string noticeId, string from)
    {
        var at = from.LastIndexOf('@');
        return $"notice-{noticeId}@{(at >= 0 ? from[(at + 1)..] : "domains")}";
    }

    public async Task<AttemptResult> SendAsync(string channelId, string noticeId, DateTimeOffset noticeAt, IReadOnlyList<MailboxAddress> to, ChannelMessage text, string language)
    {
        var at = time.GetUtcNow();
        var options = smtp.Value;
        if (string.IsNullOrWhiteSpace(options.Host)) return new AttemptResult(at, 0, null, NotConfigured);
        if (to.Count == 0) return new AttemptResult(at, 0, null, NoAddress);

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(options.FromName, options.From));
        message.To.AddRange(to);
        message.Subject = text.Subject;
        message.MessageId = MessageId(noticeId, options.From);
        message.Date = noticeAt;
        message.Headers.Add("X-Domains-Notice-Id", noticeId);
        message.Headers.Add(ChannelHeader, channelId);
        var body = new TextPart(TextFormat.Plain) { Text = text.PlainText() };
        // A Content-* header belongs to the body part; on the message MimeKit would drop it with the old body.
        body.Headers.Add("Content-Language", language);
        message.Body = body;

        var started = time.GetTimestamp();
        using var client = new SmtpClient { Timeout = (int)channels.Value.RequestTimeout.TotalMilliseconds };
        if (options.AcceptAnyCertificate) client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        using var cancel = new CancellationTokenSource(channels.Value.RequestTimeout);
        try
        {
            await client.ConnectAsync(options.Host, options.Port, SecureSocketOptions.StartTlsWhenAvailable, cancel.Token);
            if (!string.IsNullOrEmpty(options.Username)) await client.AuthenticateAsync(options.Username, options.ReadPassword() ?? "", cancel.Token);
            await client.SendAsync(message, cancel.Token);
            await client.DisconnectAsync(quit: true, cancel.Token);
            return new AttemptResult(at, Elapsed(started), 250, null);
        }
        catch (SmtpCommandException e)
        {
            var code = (int)e.StatusCode;
            return new AttemptResult(at, Elapsed(started), code, $"smtp-{code / 100}xx");
        }
        catch (AuthenticationException)
        {
            return new AttemptResult(at, Elapsed(started), null, AuthenticationFailed);
        }
        catch (SslHandshakeException)
        {
            return new AttemptResult(at, Elapsed(started), null, DeliveryErrors.TlsFailed);
        }
        catch (SmtpProtocolException)
        {
            return new AttemptResult(at, Elapsed(started), null, DeliveryErrors.InvalidResponse);
        }
        catch (OperationCanceledException)
        {
            return new AttemptResult(at, Elapsed(started), null, DeliveryErrors.Timeout);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException or ServiceNotConnectedException)
        {
            return new AttemptResult(at, Elapsed(started), null, e is TimeoutException ? DeliveryErrors.Timeout : DeliveryErrors.ConnectionFailed);
        }
    }

    private int Elapsed(long started) => (int)Math.Min(int.MaxValue, time.GetElapsedTime(started).TotalMilliseconds);
}
