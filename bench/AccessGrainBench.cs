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
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var (decisions, allowed, elapsed) = await RunForAsync(bench, active, duration, callers);
        self.Refresh();
        cpu = self.TotalProcessorTime - cpu;
        bench.Report("access_grain_per_s", decisions / elapsed.TotalSeconds, "1/s");
        // CPU of this process (silo and callers) per decision: steadier than the rate on a shared machine.
        bench.Report("access_grain_cpu_us_per_decision", cpu.TotalMicroseconds / decisions, "us");
        bench.Report("access_grain_allowed_ratio", (double)allowed / decisions, "ratio");
    }

    private static async Task<(long Decisions, long Allowed, TimeSpan Elapsed)> RunForAsync(
        Bench bench, IReadOnlyList<ActiveWorkspace> active, TimeSpan duration, int callers)
    {
        // References made once, as a client that asks repeatedly keeps them.
        var targets = active.Select(w => (Grain: bench.Grains.GetGrain<IWorkspaceGrain>(w.Id), w.Unit)).ToArray();
        long decisions = 0, allowed = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            long mine = 0, mineAllowed = 0;
            while (Stopwatch.GetTimestamp() < until)
            {
                var (grain, unit) = targets[random.Next(targets.Length)];
                var decision = await grain.DecideAccessAsync(unit, World.Dataset);
                mine++;
                if (decision.Allowed) mineAllowed++;
            }
            Interlocked.Add(ref decisions, mine);
            Interlocked.Add(ref allowed, mineAllowed);
        })));
        return (decisions, allowed, clock.Elapsed);
    }
}
