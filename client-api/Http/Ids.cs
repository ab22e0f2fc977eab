using System.Text.RegularExpressions;

namespace Domains.ClientApi.Http;

/// <summary>
/// The shape of ids a caller chooses (domains, notices): letters, digits, <c>.</c>, <c>_</c>, <c>-</c>; at most
/// 128. The ids the server makes (<c>auth-…</c>, <c>prod-…</c>) have it too, so an id of another shape names
/// nothing and is answered without asking a grain (Orleans refuses a blank key with an exception).
/// </summary>
public static partial class Ids
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex ChosenIdPattern();

    public static bool IsValidChosenId(string? id) => id is not null && ChosenIdPattern().IsMatch(id);
}
