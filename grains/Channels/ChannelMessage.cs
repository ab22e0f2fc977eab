namespace Domains.Grains.Channels;

/// <summary>One notice as people read it: a subject, the lines of its body, and the console link if any.</summary>
public sealed record ChannelMessage(string Subject, string Lead, IReadOnlyList<string> Lines, string? Link, string LinkText, string Footer)
{
    /// <summary>The plain-text body of an email.</summary>
    public string PlainText() =>
        string.Join("\n", [Lead, "", .. Lines, .. Link is null ? Array.Empty<string>() : ["", $"{LinkText}: {Link}"], "", "--", Footer]) + "\n";

    /// <summary>A DingTalk robot's markdown text.</summary>
    public string Markdown() =>
        string.Join("\n", [$"#### {Subject}", "", Lead, "", .. Lines.Select(l => "- " + l), .. Link is null ? Array.Empty<string>() : ["", $"[{LinkText}]({Link})"]]);
}
