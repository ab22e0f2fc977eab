namespace Domains.Grains.Exports;

public sealed class ExportOptions
{
    public const string Section = "Exports";

    /// <summary>
    /// The export store (DATAPLANE.md §5; <c>ops/run</c>: <c>DATA/exports</c>): a folder every silo reaches
    /// (shared storage when silos run on several hosts). Copies under review wait in its <c>review/</c>.
    /// </summary>
    public string StorePath { get; set; } = "exports";
}
