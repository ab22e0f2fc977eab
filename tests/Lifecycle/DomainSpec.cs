using System.Text.RegularExpressions;
using Domains.Tests.Fixtures;

namespace Domains.Tests.Lifecycle;

/// <summary>One transition as DOMAIN.md §3 states it: from a state, by a command or deadline (its words), to a state.</summary>
public sealed record SpecEdge(string From, string Label, string To);

/// <summary>
/// Reads the state machines of DOMAIN.md §3 (the spec's text, kept verbatim in <c>tests/Lifecycle/Spec/</c>)
/// so that the lifecycle tests compare the code's tables with the spec rather than with a copy of themselves.
/// Two forms are read: a markdown table after an entity's bold name (<c>| from | command or deadline | to |</c>)
/// and the arrows of an entity's paragraph (<c>`a → b | c`</c>, <c>`a ⇄ b`</c>, a span starting with
/// <c>→</c> continuing the last one, <c>back to `a`</c>).
/// </summary>
public static partial class DomainSpec
{
    public const string Creation = "—";

    public static string Text { get; } = File.ReadAllText(Path.Combine(RepoRoot.Path, "tests", "Lifecycle", "Spec", "DOMAIN.md"));

    /// <summary>The rows of the table that follows <c>**<paramref name="entity"/>**</c>, one edge per target state.</summary>
    public static IReadOnlyList<SpecEdge> Table(string entity)
    {
        var lines = Text.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith($"**{entity}**", StringComparison.Ordinal));
        if (start < 0) throw new InvalidOperationException($"DOMAIN.md has no **{entity}**.");
        var rows = lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2);
        var edges = new List<SpecEdge>();
        foreach (var row in rows)
        {
            var cells = row.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            var froms = cells[0].Split(',').Select(Word).ToList();
            var labels = cells[1].Split(" / ").Select(Plain).ToList();
            var targets = cells[2].Split(" / ").ToList();
            for (var i = 0; i < labels.Count; i++)
            {
                // "verify pass / fail | verified / rejected" pairs alternatives; one target serves every label.
                var chain = (targets.Count == labels.Count ? targets[i] : targets[0]).Split('→').Select(Word).ToList();
                foreach (var from in froms) edges.Add(new SpecEdge(from, labels[i], chain[0]));
                // "closed → deleting at once": the first state is passed through on the way to the next.
                for (var j = 1; j < chain.Count; j++) edges.Add(new SpecEdge(chain[j - 1], "at once", chain[j]));
            }
        }
        return edges;
    }

    /// <summary>The (from, to) pairs the arrows of the paragraph starting <c>**<paramref name="entity"/>**</c> state.</summary>
    public static IReadOnlySet<(string From, string To)> Arrows(string entity)
    {
        var paragraph = Paragraph(entity);
        var pairs = new HashSet<(string, string)>();
        List<string> last = [];
        foreach (Match span in BacktickSpan().Matches(paragraph))
        {
            var text = span.Groups[1].Value;
            if (paragraph[..span.Index].EndsWith("back to ", StringComparison.Ordinal))
            {
                foreach (var from in last) pairs.Add((from, Word(text)));
                continue;
            }
            if (!text.Contains('→') && !text.Contains('⇄')) continue;
            var parts = Regex.Split(text, "(→|⇄)");
            var current = parts[0].Trim().Length == 0 ? last : States(parts[0]);
            for (var i = 1; i + 1 < parts.Length; i += 2)
            {
                var next = States(parts[i + 1]);
                foreach (var from in current)
                {
                    foreach (var to in next)
                    {
                        pairs.Add((from, to));
                        if (parts[i] == "⇄") pairs.Add((to, from));
                    }
                }
                current = next;
            }
            last = current;
        }
        return pairs;
    }

    /// <summary>Every state name the paragraph or table of <paramref name="entity"/> uses.</summary>
    public static IReadOnlySet<string> StatesOf(IEnumerable<(string From, string To)> pairs) =>
        pairs.SelectMany(p => new[] { p.From, p.To }).Where(s => s != Creation).ToHashSet();

    public static string Paragraph(string entity)
    {
        var start = Text.IndexOf($"**{entity}**", StringComparison.Ordinal);
        if (start < 0) throw new InvalidOperationException($"DOMAIN.md has no **{entity}**.");
        var end = Text.IndexOf("\n\n", start, StringComparison.Ordinal);
        return Flat(Text[start..(end < 0 ? Text.Length : end)]);
    }

    /// <summary>Whether the spec says <paramref name="words"/> (line breaks read as spaces).</summary>
    public static bool Says(string words) => Flat(Text).Contains(Flat(words), StringComparison.Ordinal);

    private static string Flat(string text) => Whitespace().Replace(text, " ");

    private static List<string> States(string text) => text.Split('|').Select(Word).ToList();

    /// <summary>The state name in a cell: its first kebab word, without a note in parentheses.</summary>
    private static string Word(string text)
    {
        var plain = Plain(text);
        return plain == Creation ? Creation : KebabWord().Match(plain).Value;
    }

    /// <summary>A cell without its notes in parentheses.</summary>
    private static string Plain(string text) => Parenthesised().Replace(text, "").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("`([^`]*)`")]
    private static partial Regex BacktickSpan();

    [GeneratedRegex(@"[a-z][a-z-]*")]
    private static partial Regex KebabWord();

    [GeneratedRegex(@"\s*\([^)]*\)")]
    private static partial Regex Parenthesised();
}
