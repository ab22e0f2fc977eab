namespace Domains.ClientApi.Http;

/// <summary>Collects field errors of a request body (<c>errors: { field: [messages] }</c>).</summary>
public sealed class Validator
{
    public const int MaxTextLength = 4000;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public IReadOnlyDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public Validator Check(bool ok, string field, string message)
    {
        if (!ok) Add(field, message);
        return this;
    }

    public Validator Required(string field, string? value, int maxLength = MaxTextLength)
    {
        if (string.IsNullOrWhiteSpace(value)) return Add(field, "is required");
        return Check(value.Length <= maxLength, field, $"is longer than {maxLength} characters");
    }

    public Validator Optional(string field, string? value, int maxLength = MaxTextLength) =>
        Check(value is null || value.Length <= maxLength, field, $"is longer than {maxLength} characters");

    public Validator Required<T>(string field, T? value) where T : struct =>
        Check(value.HasValue, field, "is required");

    public Validator Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }
}
