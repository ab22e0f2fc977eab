namespace Domains.WebConsole.Localization;

/// <summary>The console's texts (<c>Resources/Localization.Texts.resx</c>: Chinese, the default; <c>.en.resx</c>: English).</summary>
public sealed class Texts
{
}
