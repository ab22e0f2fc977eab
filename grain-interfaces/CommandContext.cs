namespace Domains.GrainInterfaces;

/// <summary>
/// Everything a command carries besides its payload: who, why, and the HTTP guards
/// (<c>Idempotency-Key</c> with the hash of the request it came with, and <c>If-Match</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("domains.CommandContext")]
public sealed record CommandContext(
    [property: Id(0)] Actor Actor,
    [property: Id(1)] string? Reason = null,
    [property: Id(2)] string? IdempotencyKey = null,
    [property: Id(3)] string? RequestHash = null,
    [property: Id(4)] long? ExpectedVersion = null)
{
    public static CommandContext For(Actor actor, string? reason = null) => new(actor, reason);
}
