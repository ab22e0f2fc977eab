using System.Diagnostics;
using Domains.GrainInterfaces.Workspaces;

namespace Domains.Bench;

/// <summary><c>access_grain_per_s</c>: access decisions through grain calls from the co-hosted client, many callers.</summary>
public static class AccessGrainBench
{
    public static async Task RunAsync(Bench bench, IReadOnlyList<ActiveWorkspace> active)
    {
        var duration = TimeSpan.FromSeconds(bench.Quick ? 10 : 30);
        const int callers = 256;
        // A short warm-up activates every workspace grain, so the figure is the steady state.
        await RunForAsync(bench, active, TimeSpan.FromSeconds(2), callers);
        var (decisions, allowed, elapsed) = await RunForAsync(bench, active, duration, callers);
        bench.Report("access_grain_per_s", decisions / elapsed.TotalSeconds, "1/s");
        bench.Report("access_grain_allowed_ratio", (double)allowed / decisions, "ratio");
    }

    private static async Task<(long Decisions, long Allowed, TimeSpan Elapsed)> RunForAsync(
        Bench bench, IReadOnlyList<ActiveWorkspace> active, TimeSpan duration, int callers)
    {
        long decisions = 0, allowed = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            long mine = 0, mineAllowed = 0;
            while (Stopwatch.GetTimestamp() < until)
            {
                var workspace = active[random.Next(active.Count)];
                var decision = await bench.Grains.GetGrain<IWorkspaceGrain>(workspace.Id).DecideAccessAsync(workspace.Unit, World.Dataset);
                mine++;
                if (decision.Allowed) mineAllowed++;
            }
            Interlocked.Add(ref decisions, mine);
            Interlocked.Add(ref allowed, mineAllowed);
        })));
        return (decisions, allowed, clock.Elapsed);
    }
}
