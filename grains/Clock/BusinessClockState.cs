namespace Domains.Grains.Clock;

/// <summary>
/// The clock's recent moves (the instant itself lives in <c>business_clock</c>): every sweep still running
/// and the last finished ones, with the idempotency keys they answer.
/// </summary>
public sealed class BusinessClockState
{
    private const int Capacity = 100;

    /// <summary>Answers to idempotent moves recorded before moves became sweeps; read, never added to.</summary>
    public List<ClockAdvance> Advances { get; set; } = [];

    /// <summary>In the order they were asked for; they run in that order.</summary>
    public List<ClockSweepEntry> Sweeps { get; set; } = [];

    public void Add(ClockSweepEntry sweep)
    {
        Sweeps.Add(sweep);
        // Finished sweeps beyond the capacity are forgotten, oldest first; running ones never.
        while (Sweeps.Count > Capacity && Sweeps.FindIndex(s => s.Reached is not null) is var done and >= 0) Sweeps.RemoveAt(done);
    }

    public void Finish(string id, DateTimeOffset reached)
    {
        var index = Sweeps.FindIndex(s => s.Id == id);
        if (index >= 0) Sweeps[index] = Sweeps[index] with { Reached = reached };
    }
}

public sealed record ClockAdvance(string Key, string RequestHash, DateTimeOffset Now);
