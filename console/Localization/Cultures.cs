using System.Globalization;

namespace Domains.WebConsole.Localization;

/// <summary>The console's languages: Chinese by default, English one click away.</summary>
public static class Cultures
{
    public const string Chinese = "zh-CN";
    public const string English = "en";

    public static readonly IReadOnlyList<CultureInfo> Supported = [new(Chinese), new(English)];

    public static bool IsEnglish => CultureInfo.CurrentUICulture.Name.StartsWith(English, StringComparison.Ordinal);
}
