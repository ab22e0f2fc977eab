using Microsoft.Extensions.Logging;

namespace Domains.Grains.Clock;

/// <summary>Loads the stored manual instant before the silo activates any grain.</summary>
public sealed class ManualClockLoader(ManualBusinessClock clock, ClockStore store, ILogger<ManualClockLoader> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ManualClockLoader), ServiceLifecycleStage.RuntimeInitialize, LoadAsync);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var now = await store.LoadAsync(ClockExtensions.Truncate(DateTimeOffset.UtcNow));
        clock.Load(now);
        logger.LogWarning("Business clock is MANUAL at {Now:O}: for development and tests only", now);
    }
}
