using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Domains.Grains.Channels;
using Domains.Grains.Delivery;
using Domains.Tests.Fixtures;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Domains.Tests.Api;

/// <summary>
/// <c>ops/run --mail-sink</c>'s relay as ops/run starts it (the built Domains.MailSink, <c>--dir DATA/mail
/// --port P</c>, its own process): an email the channels' sender sends to it lands in the folder as one
/// <c>.eml</c> file a person (and a mail client) can read.
/// </summary>
public sealed class MailSinkTests
{
    [Fact]
    public async Task AnEmailSentToTheMailSink_LandsInDataMail_AsOneReadableEmlFile()
    {
        var data = Directory.CreateTempSubdirectory("mail-sink-").FullName;
        var mail = Path.Combine(data, "mail");
        var port = SmtpReceiver.FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Domains.MailSink.dll"), "--dir", mail, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }
        using var sink = Process.Start(start)!;
        sink.BeginOutputReadLine();
        sink.BeginErrorReadLine();
        try
        {
            await Polling.UntilAsync(() => AnswersAsync(port), up => up, TimeSpan.FromSeconds(30), "the mail sink listening");
            var noticeId = Ids.New("notice");
            var at = DateTimeOffset.UtcNow;
            var notice = new NoticePayload(noticeId, "renewal-due", "unit:91350200MA0000000X", "authorization/auth-sink", at, "renewal due");
            var text = new NoticeTexts(Options.Create(new ConsoleLinkOptions { PublicUrl = "https://console.domains.test" }))
                .Compose(notice, at.AddDays(90), "zh-CN");
            var sender = new EmailSender(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = port, From = "notices@domains.test" }),
                Options.Create(new ChannelOptions()), TimeProvider.System);

            var sent = await sender.SendAsync("chan-sink", noticeId, at, [new MailboxAddress("王芳", "wang.fang@unit.example.cn")], text, "zh-CN");

            Assert.Equal(new AttemptResult(sent.At, sent.DurationMs, 250, null), sent);
            var files = await Polling.UntilAsync(() => Directory.Exists(mail) ? Directory.GetFiles(mail) : [], f => f.Length > 0,
                TimeSpan.FromSeconds(10), "the message's file");
            var file = Assert.Single(files);
            Assert.EndsWith($"-notice-{noticeId}@domains.test.eml", file, StringComparison.Ordinal);
            var saved = await MimeMessage.LoadAsync(file);
            Assert.Equal(text.Subject, saved.Subject);
            Assert.Contains("续期提醒", saved.Subject, StringComparison.Ordinal);
            Assert.Equal($"notice-{noticeId}@domains.test", saved.MessageId);
            Assert.Equal("wang.fang@unit.example.cn", Assert.Single(saved.To.Mailboxes).Address);
            // SMTP's end of data takes the body's last line break.
            Assert.Equal(text.PlainText().ReplaceLineEndings().TrimEnd(), saved.TextBody?.ReplaceLineEndings().TrimEnd());
        }
        finally
        {
            sink.Kill(entireProcessTree: true);
            await sink.WaitForExitAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<bool> AnswersAsync(int port)
    {
        using var probe = new TcpClient();
        try
        {
            await probe.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
