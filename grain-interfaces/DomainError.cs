namespace Domains.GrainInterfaces;

/// <summary>An expected refusal: a stable <see cref="Code"/> from <see cref="ErrorCodes"/> and a human detail.</summary>
[GenerateSerializer, Immutable, Alias("domains.DomainError")]
public sealed record DomainError(
    [property: Id(0)] string Code,
    [property: Id(1)] string Detail,
    [property: Id(2)] IReadOnlyList<string>? Unmet = null,
    [property: Id(3)] IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static DomainError InvalidTransition(string state, string command) =>
        new(ErrorCodes.InvalidTransition, $"'{command}' is not allowed in state '{state}'.");

    public static DomainError NotFound(string entity) =>
        new(ErrorCodes.NotFound, $"{entity} does not exist.");

    public static DomainError VersionMismatch(long expected, long current) =>
        new(ErrorCodes.VersionMismatch, $"If-Match expected version {expected}, the current version is {current}.");

    public static DomainError IdempotencyKeyReused(string key) =>
        new(ErrorCodes.IdempotencyKeyReused, $"Idempotency-Key '{key}' was used with another request.");

    public static DomainError LimitReached(string what, int limit) =>
        new(ErrorCodes.LimitReached, $"{what}: at most {limit}.");

    public static DomainError Validation(string field, string message) =>
        new(ErrorCodes.ValidationFailed, message, Errors: new Dictionary<string, string[]> { [field] = [message] });
}
