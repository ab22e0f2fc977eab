namespace Domains.Tests.Fixtures;

/// <summary>
/// Bounded polling, for behaviour that waits on something outside the test's control (a receiver
/// process, real-time retries, a reminder after a restart). Never a bare sleep: it returns as soon as
/// the condition holds and fails with what it waited for.
/// </summary>
public static class Polling
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan limit, string what)
    {
        var until = DateTime.UtcNow + limit;
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (DateTime.UtcNow > until) throw new TimeoutException($"Not within {limit}: {what}.");
            await Task.Delay(100);
        }
    }

    public static Task<T> UntilAsync<T>(Func<T> probe, Func<T, bool> done, TimeSpan limit, string what) =>
        UntilAsync(() => Task.FromResult(probe()), done, limit, what);
}
