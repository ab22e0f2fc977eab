using System.Text.RegularExpressions;
using Domains.ClientApi.Http;
using Domains.GrainInterfaces.Exports;

namespace Domains.ClientApi.Contracts;

/// <summary><c>POST /v1/workspaces/{id}/exports</c>: one table of the workspace's own schema (<c>name</c> or <c>schema.name</c>).</summary>
public sealed partial record ExportRequestBody(string? Table, string? Purpose, string? ProductId) : IRequestBody
{
    public void Validate(Validator v)
    {
        v.Required("table", Table, 128).Required("purpose", Purpose).Optional("productId", ProductId, 128);
        v.Check(Table is null || TableName().IsMatch(Table), "table", "must be a table name, or schema.name, of letters, digits and _ (at most 63 each)");
        v.Check(ProductId is null || Ids.IsValidChosenId(ProductId), "productId", "is not a product id");
    }

    public string? AuditReason => Purpose;

    public ExportRequest ToRequest(string workspaceId) => new(workspaceId, Table!, Purpose!, ProductId);

    [GeneratedRegex("^(?:[a-z_][a-z0-9_]{0,62}\\.)?[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex TableName();
}

public sealed record ExportPreviewResponse(IReadOnlyList<string> Columns, long Rows, IReadOnlyList<IReadOnlyList<string?>> Sample);

public sealed record ExportResponse(
    string Id, ExportStatus State, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string WorkspaceId, string UnitId,
    string Table, string Purpose, string? ProductId, ExportPreviewResponse Preview, long? RowCount, string? Sha256,
    DateTimeOffset? DeliveredAt, string? ReviewNote, DateTimeOffset? ReviewedAt)
{
    public static ExportResponse From(ExportView v) => new(
        v.Id, v.State, v.Version, v.CreatedAt, v.UpdatedAt, v.WorkspaceId, v.UnitId, v.Table, v.Purpose, v.ProductId,
        new ExportPreviewResponse(v.Preview.Columns, v.Preview.Rows, v.Preview.Sample), v.RowCount, v.Sha256, v.DeliveredAt,
        v.ReviewNote, v.ReviewedAt);
}
