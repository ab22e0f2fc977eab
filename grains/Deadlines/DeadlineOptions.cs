namespace Domains.Grains.Deadlines;

public sealed class DeadlineOptions
{
    public const string Section = "Deadlines";

    /// <summary>How often each shard's durable reminder sweeps the index (Orleans' minimum is one minute).</summary>
    public TimeSpan SweepPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Rows read per batch, and owners called at once, by one shard.</summary>
    public int BatchSize { get; set; } = 256;

    public int Parallelism { get; set; } = 32;
}
