using Domains.GrainInterfaces.Exports;

namespace Domains.Grains.Exports;

/// <summary>
/// Copies one table of a workspace's own schema out of its data server as CSV (header first) into
/// <c>destination</c>, from one snapshot together with its preview. Null when the schema holds no such table.
/// </summary>
public interface IExportCopier
{
    Task<ExportPreview?> CopyAsync(ExportSource source, Stream destination);
}

/// <summary>Where the table is: the workspace's domain (its data server), login role and own schema.</summary>
public sealed record ExportSource(string DomainId, string Role, string Schema, string Table);
