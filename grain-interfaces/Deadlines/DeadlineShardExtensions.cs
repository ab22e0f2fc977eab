namespace Domains.GrainInterfaces.Deadlines;

public static class DeadlineShardExtensions
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    /// <summary>Returns once the shard has handled every row due at or before <paramref name="now"/>, in bounded calls.</summary>
    public static async Task SweepAsync(this IDeadlineShardGrain shard, DateTimeOffset now)
    {
        while (!await shard.SweepToAsync(now, Poll))
        {
        }
    }
}
