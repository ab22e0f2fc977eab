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

    /// <summary>An optional enum filter as its value, for fields matched inside the stored view (which holds numbers).</summary>
    public static TEnum? EnumValue<TEnum>(string name, string? text, Validator errors) where TEnum : struct, System.Enum
    {
        if (string.IsNullOrEmpty(text)) return null;
        foreach (var value in System.Enum.GetValues<TEnum>())
        {
            if (EnumNames.Kebab(value) == text) return value;
        }
        errors.Add(name, $"must be one of {string.Join(", ", System.Enum.GetValues<TEnum>().Select(v => EnumNames.Kebab(v)))}");
        return null;
    }

    /// <summary>An optional <c>true</c>|<c>false</c> filter.</summary>
    public static bool? Bool(string name, string? text, Validator errors)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (text is "true") return true;
        if (text is "false") return false;
        errors.Add(name, "must be true or false");
        return null;
    }

    /// <summary>An optional id filter (<c>?domainId=</c>): an id as the API accepts ids, or nothing.</summary>
    public static string? Id(string name, string? text, Validator errors)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (Ids.IsValidChosenId(text)) return text;
        errors.Add(name, "is not a valid id");
        return null;
    }

    /// <summary>An optional <c>?cursor=</c> of a list of the list table (<see cref="GrainInterfaces.Lists.ListCursor"/>).</summary>
    public static string? Cursor(string? text, Validator errors)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (GrainInterfaces.Lists.ListCursor.TryDecode(text, out _)) return text;
        errors.Add("cursor", "is not a cursor of this list");
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
