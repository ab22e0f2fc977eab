namespace Domains.Grains.Clock;

/// <summary>The answers to recent idempotent clock moves (the instant itself lives in <c>business_clock</c>).</summary>
public sealed class BusinessClockState
{
    private const int Capacity = 100;

    public List<ClockAdvance> Advances { get; set; } = [];

    public void Remember(string key, string requestHash, DateTimeOffset now)
    {
        if (Advances.Count >= Capacity) Advances.RemoveAt(0);
        Advances.Add(new ClockAdvance(key, requestHash, now));
    }
}

public sealed record ClockAdvance(string Key, string RequestHash, DateTimeOffset Now);
