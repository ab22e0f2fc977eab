using System.Diagnostics;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Usage;
using Npgsql;

namespace Domains.Bench;

/// <summary>
/// <c>usage_log_lag_*</c> (issue 11): a statement of a workspace's login on the data server → that statement
/// in the workspace's usage log as <c>GET /v1/workspaces/{id}/usage</c> reads it (the same grain call, without
/// the HTTP hop), polled every 10 ms. The data server logs it (jsonlog), the silo's collector reads the log
/// every second (UsageLog:PollInterval), so the lag is about the poll interval plus the server's log flush.
/// </summary>
public static class UsageLogBench
{
    public static async Task RunAsync(Bench bench, IReadOnlyList<ActiveWorkspace> workspaces, int samples)
    {
        var lags = new List<double>();
        var grain = bench.Grains.GetGrain<IUsageLogGrain>(0);
        var sessions = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < samples; i++)
        {
            var workspace = workspaces[i % workspaces.Count];
            if (!sessions.TryGetValue(workspace.Id, out var session))
            {
                sessions[workspace.Id] = session = await SessionKillBench.SessionOfAsync(bench, workspace);
            }
            await using var connection = new NpgsqlConnection(session);
            await connection.OpenAsync();
            var after = await LastSeqAsync(grain, workspace.Id);
            var marker = $"SELECT 'bench-{Guid.NewGuid():N}'";
            // Spread the statements over the collector's period, as real ones fall.
            await Task.Delay(Random.Shared.Next(0, 1000));
            var start = Stopwatch.GetTimestamp();
            await using (var cmd = new NpgsqlCommand(marker, connection))
            {
                await cmd.ExecuteScalarAsync();
            }
            while (true)
            {
                var page = await grain.ListAsync(workspace.Id, Actor.System, new UsageQuery(null, null, UsageKind.Statement, after, 500));
                if (page.Value!.Items.Any(r => r.Statement == marker)) break;
                if (page.Value.Items.Count > 0) after = page.Value.Items[^1].Seq;
                if (Stopwatch.GetElapsedTime(start) > TimeSpan.FromSeconds(60)) throw new TimeoutException("A statement was not in the usage log within 60 s.");
                await Task.Delay(10);
            }
            lags.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        bench.Report("usage_log_lag_p50_ms", Stats.Percentile(lags, 0.50), "ms");
        bench.Report("usage_log_lag_p99_ms", Stats.Percentile(lags, 0.99), "ms");
        bench.Report("usage_log_lag_samples", lags.Count, "count");
    }

    private static async Task<long> LastSeqAsync(IUsageLogGrain grain, string workspaceId)
    {
        long after = 0;
        while (true)
        {
            var page = (await grain.ListAsync(workspaceId, Actor.System, new UsageQuery(null, null, null, after, 500))).Value!;
            if (page.Items.Count == 0) return after;
            after = page.Items[^1].Seq;
            if (page.NextCursor is null) return after;
        }
    }
}
