namespace Domains.GrainInterfaces.Audit;

/// <summary>Reads and verifies the audit log; a stateless worker so every silo answers locally.</summary>
[Alias("domains.IAuditReaderGrain")]
public interface IAuditReaderGrain : IGrainWithIntegerKey
{
    [Alias("List"), Orleans.Concurrency.ReadOnly]
    Task<Page<AuditEventView>> ListAsync(AuditQuery query);

    /// <summary>A page of the whole log (or one entity type), in <c>seq</c> order: what the streamed export reads.</summary>
    [Alias("Export"), Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<AuditEventView>> ExportAsync(AuditExportQuery query);

    [Alias("Verify"), Orleans.Concurrency.ReadOnly]
    Task<ChainVerification> VerifyAsync(EntityRef entity);
}
