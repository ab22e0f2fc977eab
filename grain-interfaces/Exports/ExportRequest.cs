namespace Domains.GrainInterfaces.Exports;

/// <summary>What a unit asks to export (<c>POST /v1/workspaces/{id}/exports</c>): one table of its own schema.</summary>
[GenerateSerializer, Immutable, Alias("domains.ExportRequest")]
public sealed record ExportRequest(
    [property: Id(0)] string WorkspaceId,
    [property: Id(1)] string Table,
    [property: Id(2)] string Purpose,
    [property: Id(3)] string? ProductId);
