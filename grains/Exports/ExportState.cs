using Domains.GrainInterfaces.Exports;
using Domains.Grains.Entity;

namespace Domains.Grains.Exports;

public sealed class ExportState : LifecycleState<ExportView, ExportStatus>
{
    public string WorkspaceId { get; set; } = "";

    public string UnitId { get; set; } = "";

    public string Table { get; set; } = "";

    public string Purpose { get; set; } = "";

    public string? ProductId { get; set; }

    public ExportPreview? Preview { get; set; }

    /// <summary>The SHA-256 of the copy taken for review (the one the authority previewed); the delivered file must hash to it.</summary>
    public string? ReviewedSha256 { get; set; }

    public long? RowCount { get; set; }

    public string? Sha256 { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public string? ReviewNote { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }
}
