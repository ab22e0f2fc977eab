namespace Domains.GrainInterfaces.Workspaces;

/// <summary>
/// A workspace's connection with a fresh password, for its owning unit alone (DATAPLANE.md §3): returned
/// once, never stored, never in a view, list, idempotency answer, log or trace.
/// </summary>
[GenerateSerializer, Immutable, Alias("domains.WorkspaceCredentials")]
public sealed record WorkspaceCredentials(
    [property: Id(0)] string Host,
    [property: Id(1)] int Port,
    [property: Id(2)] string Database,
    [property: Id(3)] string Username,
    [property: Id(4)] string Schema,
    [property: Id(5)] string DatasetSchema,
    [property: Id(6)] string Password)
{
    /// <summary>Never the password: a record's generated ToString would print it into any log of the value.</summary>
    public override string ToString() => $"WorkspaceCredentials {{ Username = {Username} }}";
}
