namespace Domains.GrainInterfaces.Inbox;

/// <summary>Reads inboxes (a stateless worker), oldest first, paged by sequence.</summary>
[Alias("domains.IInboxGrain")]
public interface IInboxGrain : IGrainWithIntegerKey
{
    [Alias("List"), Orleans.Concurrency.ReadOnly]
    Task<Page<NotificationView>> ListAsync(string recipient, string? kind, long afterSeq, int limit);
}
