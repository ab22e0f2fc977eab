namespace Domains.GrainInterfaces.Audit;

/// <summary>
/// What a transition changed: the names of the entity's top-level fields whose values differ after it
/// (in ordinal order) and the SHA-256 of their new values, so the audit log proves what was written
/// without holding a copy of it.
/// </summary>
[GenerateSerializer, Immutable, Alias("domains.AuditChanges")]
public sealed record AuditChanges(
    [property: Id(0)] IReadOnlyList<string> Fields,
    [property: Id(1)] string Sha256);
