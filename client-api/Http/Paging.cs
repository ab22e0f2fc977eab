using System.Globalization;

namespace Domains.ClientApi.Http;

/// <summary><c>?limit=</c> (default 50, at most 500) and <c>?cursor=</c> of every list.</summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static int? Limit(string? text, Validator errors)
    {
        if (string.IsNullOrEmpty(text)) return DefaultLimit;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= MaxLimit) return limit;
        errors.Add("limit", $"must be a whole number from 1 to {MaxLimit}");
        return null;
    }

    /// <summary>Parses an optional instant query parameter (RFC 3339).</summary>
    public static DateTimeOffset? Instant(string name, string? text, Validator errors)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)) return value;
        errors.Add(name, "is not an RFC 3339 instant");
        return null;
    }
}
