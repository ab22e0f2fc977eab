using System.Globalization;
using System.Resources;
using Domains.Grains.Delivery;
using Microsoft.Extensions.Options;

namespace Domains.Grains.Channels;

/// <summary>
/// Makes a notice's text for people from the templates in <c>NoticeTemplates.resx</c> (Chinese, the
/// default) and <c>NoticeTemplatesEnglish.resx</c> (two neutral sets rather than a satellite: the
/// processes run with invariant globalization, where no culture but the invariant one exists): a subject and lead per notice kind, the entity, the
/// deadline in Beijing time (Asia/Shanghai) and UTC, and the console link when <c>Console:PublicUrl</c> is set.
/// </summary>
public sealed class NoticeTexts(IOptions<ConsoleLinkOptions> console)
{
    private static readonly ResourceManager Chinese = new("Domains.Grains.Channels.NoticeTemplates", typeof(NoticeTexts).Assembly);

    private static readonly ResourceManager English = new("Domains.Grains.Channels.NoticeTemplatesEnglish", typeof(NoticeTexts).Assembly);

    /// <summary>China keeps one offset all year; the fixed zone stands in where the system has no tz database.</summary>
    public static readonly TimeZoneInfo Beijing = FindBeijing();

    public ChannelMessage Compose(NoticePayload notice, DateTimeOffset? deadline, string language)
    {
        var culture = language == "en" ? English : Chinese;
        var slash = notice.Entity.IndexOf('/', StringComparison.Ordinal);
        var (type, id) = slash > 0 ? (notice.Entity[..slash], notice.Entity[(slash + 1)..]) : (notice.Entity, "");

        var subject = Format(Text($"Subject.{notice.Kind}", culture) ?? Text("Subject.Default", culture)!, id.Length > 0 ? id : notice.Subject);
        var lead = Text($"Lead.{notice.Kind}", culture) ?? Text("Lead.Default", culture)!;
        var lines = new List<string> { Format(Text("Line.Entity", culture)!, Text($"Type.{type}", culture) ?? type, id) };
        if (deadline is { } due)
        {
            var local = TimeZoneInfo.ConvertTime(due, Beijing);
            lines.Add(Format(Text("Line.Deadline", culture)!,
                local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                due.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture)));
        }
        lines.Add(Format(Text("Line.Original", culture)!, notice.Subject));
        lines.Add(Format(Text("Line.Notice", culture)!, notice.Id));
        return new ChannelMessage(subject, lead, lines, console.Value.LinkTo(notice.Entity), Text("Line.LinkText", culture)!, Text("Footer", culture)!);
    }

    private static string? Text(string name, ResourceManager templates) => templates.GetString(name, CultureInfo.InvariantCulture);

    private static string Format(string template, params object[] values) => string.Format(CultureInfo.InvariantCulture, template, values);

    private static TimeZoneInfo FindBeijing()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }
}
