using System.Diagnostics;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Authorizations;
using Domains.GrainInterfaces.Workspaces;
using Npgsql;

namespace Domains.Bench;

/// <summary>
/// <c>session_kill_*</c>: a suspension through the grain → the workspace role's open PostgreSQL session
/// terminated, seen from that session (postgres driver).
/// </summary>
public static class SessionKillBench
{
    public static async Task RunAsync(Bench bench, IReadOnlyList<ActiveWorkspace> workspaces)
    {
        var kills = new List<double>();
        var answers = new List<double>();
        var supervisor = CommandContext.For(new Actor("bench-supervisor", Role.Supervisor), "bench");
        foreach (var workspace in workspaces)
        {
            await using var connection = new NpgsqlConnection(await SessionOfAsync(bench, workspace));
            await connection.OpenAsync();
            var killedAt = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            var sleeper = Task.Run(async () =>
            {
                try
                {
                    await using var cmd = new NpgsqlCommand("SELECT pg_sleep(30)", connection);
                    await cmd.ExecuteNonQueryAsync();
                }
                catch (Exception)
                {
                    killedAt.TrySetResult(Stopwatch.GetTimestamp());
                }
            });
            await Task.Delay(20);
            var start = Stopwatch.GetTimestamp();
            var result = await bench.Grains.GetGrain<IAuthorizationGrain>(workspace.Id).SuspendAsync(new Due(), supervisor);
            var answered = Stopwatch.GetTimestamp();
            if (result.Error is not null) throw new InvalidOperationException(result.Error.Detail);
            var killed = await killedAt.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await sleeper;
            kills.Add(Stopwatch.GetElapsedTime(start, killed).TotalMilliseconds);
            answers.Add(Stopwatch.GetElapsedTime(start, answered).TotalMilliseconds);
        }
        bench.Report("session_kill_p50_ms", Stats.Percentile(kills, 0.50), "ms");
        bench.Report("session_kill_p99_ms", Stats.Percentile(kills, 0.99), "ms");
        bench.Report("session_kill_samples", kills.Count, "count");
        bench.Report("suspend_grain_p50_ms", Stats.Percentile(answers, 0.50), "ms");
        bench.Report("suspend_grain_p99_ms", Stats.Percentile(answers, 0.99), "ms");
    }

    /// <summary>The connection string of the workspace's own login role, with a password its unit asked for.</summary>
    public static async Task<string> SessionOfAsync(Bench bench, ActiveWorkspace workspace)
    {
        var issued = await bench.Grains.GetGrain<IWorkspaceGrain>(workspace.Id)
            .IssueCredentialsAsync(CommandContext.For(new Actor("bench-unit", Role.Unit, workspace.Unit)));
        var credentials = issued.Value ?? throw new InvalidOperationException(issued.Error?.Detail);
        return new NpgsqlConnectionStringBuilder
        {
            Host = credentials.Host,
            Port = credentials.Port,
            Database = credentials.Database,
            Username = credentials.Username,
            Password = credentials.Password,
            Pooling = false,
        }.ConnectionString;
    }
}
