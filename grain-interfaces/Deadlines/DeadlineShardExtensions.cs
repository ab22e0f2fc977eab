namespace Domains.GrainInterfaces.Deadlines;

public static class DeadlineShardExtensions
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    /// <summary>Returns once a pass of the shard begun after this call has handled every row due at or before <paramref name="now"/>.</summary>
    public static async Task SweepAsync(this IDeadlineShardGrain shard, DateTimeOffset now)
    {
        DeadlineSweepTicket? ticket = null;
        do
        {
            ticket = await shard.SweepToAsync(now, ticket, Poll);
        }
        while (!ticket.Done);
    }
}
