using System.Diagnostics;
using System.Runtime;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Workspaces;

namespace Domains.Bench;

/// <summary>
/// <c>silo_rss_mb_per_10k_grains</c>: the silo's resident memory before and after activating the
/// workspace grains, every activation collected first, each reading after a full compacting collection.
/// The managed heap's growth is reported beside it (the runtime may keep freed pages resident).
/// </summary>
public static class MemoryBench
{
    public static async Task RunAsync(Bench bench, IReadOnlyList<ActiveWorkspace> workspaces)
    {
        await bench.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var (rssBefore, heapBefore) = Settle();
        var active = await bench.Grains.GetGrain<IManagementGrain>(0).GetTotalActivationCount();

        await Parallel.ForEachAsync(workspaces, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (workspace, _) =>
        {
            if (await bench.Grains.GetGrain<IWorkspaceGrain>(workspace.Id).GetAsync(Actor.System) is null)
            {
                throw new InvalidOperationException($"Workspace {workspace.Id} is missing.");
            }
        });
        var (rssAfter, heapAfter) = Settle();
        var activated = await bench.Grains.GetGrain<IManagementGrain>(0).GetTotalActivationCount() - active;

        var per10k = 10_000.0 / Math.Max(1, activated);
        bench.Report("silo_rss_mb_per_10k_grains", (rssAfter - rssBefore) / 1048576.0 * per10k, "MiB");
        bench.Report("silo_heap_mb_per_10k_grains", (heapAfter - heapBefore) / 1048576.0 * per10k, "MiB");
        bench.Report("silo_rss_mb", rssAfter / 1048576.0, "MiB");
        bench.Report("memory_grains_activated", activated, "count");
    }

    private static (long Rss, long Heap) Settle()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var self = Process.GetCurrentProcess();
        return (self.WorkingSet64, heap);
    }
}
