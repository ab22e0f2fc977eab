using System.Security.Cryptography;
using System.Text;
using Domains.Grains.Channels;
using Domains.Grains.Delivery;
using Microsoft.Extensions.Options;
using ContractKinds = Domains.GrainInterfaces.Inbox.NotificationKinds;

namespace Domains.Tests.Units;

public sealed class ChannelTextTests
{
    private static readonly NoticeTexts Texts = new(Options.Create(new ConsoleLinkOptions { PublicUrl = "https://console.example.cn/" }));

    private static NoticePayload Notice(string kind) =>
        new("n-1", kind, "unit:X", "authorization/auth-1", new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), "Authorization auth-1 ends soon.");

    public static TheoryData<string> Kinds => [.. ContractKinds.All];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryNoticeKind_HasItsOwnSubjectAndLead_InChineseAndEnglish(string kind)
    {
        var chinese = Texts.Compose(Notice(kind), null, "zh-CN");
        var english = Texts.Compose(Notice(kind), null, "en");
        var fallback = Texts.Compose(Notice("no-such-kind"), null, "zh-CN");

        Assert.NotEqual(fallback.Subject, chinese.Subject);
        Assert.NotEqual(fallback.Lead, chinese.Lead);
        Assert.NotEqual(chinese.Subject, english.Subject);
        Assert.NotEqual(chinese.Lead, english.Lead);
    }

    [Fact]
    public void Deadline_IsWrittenInBeijingTimeAndUtc_AndTheConsoleLinkNamesTheEntity()
    {
        var due = new DateTimeOffset(2027, 6, 30, 20, 30, 0, TimeSpan.Zero);

        var text = Texts.Compose(Notice("renewal-due"), due, "zh-CN").PlainText();

        Assert.Contains("截止时间：2027-07-01 04:30（北京时间） / 2027-06-30 20:30Z（UTC）", text, StringComparison.Ordinal);
        Assert.Contains("https://console.example.cn/authorizations/auth-1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAConsoleUrl_ThereIsNoLink()
    {
        var texts = new NoticeTexts(Options.Create(new ConsoleLinkOptions()));

        var message = texts.Compose(Notice("renewal-due"), null, "en");

        Assert.Null(message.Link);
        Assert.DoesNotContain("http", message.PlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public void DingtalkSign_IsTheBase64HmacSha256OfTimestampNewlineSecret_KeyedWithTheSecret()
    {
        const string secret = "SEC0123456789abcdef";
        const long timestamp = 1_790_000_000_123;
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}\n{secret}")));

        var url = DingtalkSignature.Signed(new Uri("https://oapi.dingtalk.com/robot/send?access_token=abc"), timestamp, secret);

        Assert.Equal(expected, DingtalkSignature.Sign(timestamp, secret));
        Assert.Equal($"https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp={timestamp}&sign={Uri.EscapeDataString(expected)}", url.AbsoluteUri);
    }

    [Fact]
    public void MessageId_IsTheNoticeIdAtTheSendersDomain()
    {
        Assert.Equal("notice-abc123@mail.example.cn", EmailSender.MessageId("abc123", "notices@mail.example.cn"));
    }
}
