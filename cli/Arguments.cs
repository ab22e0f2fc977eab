namespace Domains.Cli;

/// <summary>
/// The command line: positional words and <c>--name value</c> / <c>-x value</c> options (<c>--flag</c> alone for
/// booleans). Every option a command reads is taken; one left over is a usage error naming it.
/// </summary>
public sealed class Arguments
{
    private static readonly HashSet<string> Flags = ["--dry-run", "--help", "-h", "--confirm", "--force-secrets"];

    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public Arguments(IReadOnlyList<string> args)
    {
        var words = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith('-') && arg.Length > 1)
            {
                var (name, inline) = arg.Split('=', 2) is [var n, var v] ? (n, v) : (arg, null);
                if (Flags.Contains(name)) { _options[name] = "true"; continue; }
                if (inline is not null) { _options[name] = inline; continue; }
                if (i + 1 >= args.Count) throw CliException.Usage($"option {name} needs a value");
                _options[name] = args[++i];
            }
            else
            {
                words.Add(arg);
            }
        }
        Words = words;
    }

    public IReadOnlyList<string> Words { get; }

    public string Word(int index, string what) =>
        index < Words.Count ? Words[index] : throw CliException.Usage($"missing {what}");

    public string? Option(params string[] names)
    {
        foreach (var name in names)
        {
            _taken.Add(name);
            if (_options.TryGetValue(name, out var value)) return value;
        }
        return null;
    }

    public bool Flag(string name) => Option(name) is "true";

    /// <summary>Fails on an option no part of the command read.</summary>
    public void EnsureAllTaken()
    {
        var unknown = _options.Keys.Where(k => !_taken.Contains(k)).ToList();
        if (unknown.Count > 0) throw CliException.Usage($"unknown option {unknown[0]}");
    }
}
