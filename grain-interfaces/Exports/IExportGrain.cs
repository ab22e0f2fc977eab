using Domains.GrainInterfaces.Deadlines;

namespace Domains.GrainInterfaces.Exports;

/// <summary>A reviewed export of one table out of a workspace (key: a server id).</summary>
[Alias("domains.IExportGrain")]
public interface IExportGrain : IDeadlineTarget
{
    /// <summary>Takes the table's copy and preview for review; the workspace must be the caller's and active.</summary>
    [Alias("Submit")]
    Task<CommandResult<ExportView>> SubmitAsync(ExportRequest request, CommandContext context);

    /// <summary>The authority approves: the reviewed copy goes into the export store with its SHA-256 and row count.</summary>
    [Alias("Approve")]
    Task<CommandResult<ExportView>> ApproveAsync(CommandContext context);

    [Alias("Reject")]
    Task<CommandResult<ExportView>> RejectAsync(CommandContext context);

    [Alias("Get")]
    Task<ExportView?> GetAsync(Actor viewer);

    /// <summary>
    /// Up to <paramref name="count"/> bytes of the delivered file from <paramref name="offset"/> (empty at its end),
    /// for its owning unit only; before delivery <c>invalid-transition</c>.
    /// </summary>
    [Alias("ReadFile")]
    Task<CommandResult<byte[]>> ReadFileAsync(Actor viewer, long offset, int count);
}
