namespace Domains.GrainInterfaces;

/// <summary>
/// The outcome of a command: the resource after it, or the refusal. <see cref="Created"/> tells a
/// create from an update; a replayed idempotent request returns the first outcome unchanged.
/// </summary>
[GenerateSerializer, Immutable, Alias("domains.CommandResult`1")]
public sealed record CommandResult<T>(
    [property: Id(0)] T? Value,
    [property: Id(1)] DomainError? Error,
    [property: Id(2)] bool Created = false)
{
    public bool IsSuccess => Error is null;

    public static CommandResult<T> Success(T value, bool created = false) => new(value, null, created);

    public static CommandResult<T> Failure(DomainError error) => new(default, error);
}
