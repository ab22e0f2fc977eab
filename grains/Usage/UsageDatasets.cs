using System.Text.RegularExpressions;
using Domains.GrainInterfaces.Datasets;

namespace Domains.Grains.Usage;

/// <summary>
/// Which authorized datasets a statement reads: those whose view (<see cref="DatasetKeys.ViewName"/>; a domain
/// catalogues no two datasets with the same one, so a view names exactly one dataset) it names, as PostgreSQL reads names — unquoted
/// ones folded to lower case, quoted ones exactly. A view named only inside a string literal or comment
/// counts too: the log errs towards showing a dataset, never towards hiding one.
/// </summary>
public static partial class UsageDatasets
{
    public static IReadOnlyList<string> Read(string? statement, IReadOnlyList<string> datasets)
    {
        if (string.IsNullOrEmpty(statement) || datasets.Count == 0) return [];
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in Identifier().Matches(statement))
        {
            names.Add(match.Groups["quoted"].Success
                ? match.Groups["quoted"].Value.Replace("\"\"", "\"", StringComparison.Ordinal)
                : match.Value.ToLowerInvariant());
        }
        return datasets.Where(d => names.Contains(DatasetKeys.ViewName(d))).Distinct(StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex("\"(?<quoted>(?:[^\"]|\"\")+)\"|[A-Za-z_][A-Za-z0-9_$]*")]
    private static partial Regex Identifier();
}
