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

    /// <summary>Parses an optional kebab-case enum filter (<c>?state=active</c>).</summary>
    public static IReadOnlyList<string>? Enum<TEnum>(string name, string? text, Validator errors) where TEnum : struct, System.Enum
    {
        if (string.IsNullOrEmpty(text)) return null;
        var known = System.Enum.GetValues<TEnum>().Select(v => Domains.ClientApi.Http.EnumNames.Kebab(v)).ToHashSet(StringComparer.Ordinal);
        if (known.Contains(text)) return [text];
        errors.Add(name, $"must be one of {string.Join(", ", known)}");
        return null;
    }

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Invalid(HttpContext http, Validator errors) =>
        Errors.Problems.Result(new GrainInterfaces.DomainError(GrainInterfaces.ErrorCodes.ValidationFailed, "The query is invalid.", Errors: errors.Errors), http);

    /// <summary>Parses an optional instant query parameter (RFC 3339).</summary>
    public static DateTimeOffset? Instant(string name, string? text, Validator errors)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)) return value;
        errors.Add(name, "is not an RFC 3339 instant");
        return null;
    }
}
