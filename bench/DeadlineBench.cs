using System.Diagnostics;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Clock;
using Npgsql;

namespace Domains.Bench;

/// <summary>
/// <c>deadlines_pending</c> and <c>deadline_catchup_per_s</c>: the rows of the deadline index held at
/// once, then, for each instant the transitions scenario left due, the manual business clock jumped
/// just past it and the due deadlines handled per second of that jump (each a notice closing: a
/// transition of its own). Runs last: the clock only moves forwards.
/// </summary>
public static class DeadlineBench
{
    private static readonly CommandContext ClockActor = CommandContext.For(new Actor("bench-clock", Role.Authority));

    public static async Task RunAsync(Bench bench, TransitionsRun run)
    {
        await using var db = NpgsqlDataSource.Create(bench.ConnectionString);
        bench.Report("deadlines_pending", await CountAsync(db, "SELECT count(*) FROM deadlines"), "count");
        var clockGrain = bench.Grains.GetGrain<IBusinessClockGrain>(0);
        // Not timed: the first closes compile the sweep's and the handlers' code (as the transitions' warm-up does
        // theirs), a round at a time until one leaves the JIT quiet.
        foreach (var round in run.WarmUp)
        {
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            if ((await clockGrain.AdvanceToAsync(round.ClosesAt.AddMilliseconds(500), ClockActor)).Error is { } warmUpError)
            {
                throw new InvalidOperationException($"{warmUpError.Code}: {warmUpError.Detail}");
            }
            compiled = System.Runtime.JitInfo.GetCompiledMethodCount() - compiled;
            Bench.Progress($"warm-up: the clock past {round.Count} notice closes, not measured; {compiled} methods compiled meanwhile");
            if (compiled < TransitionsBench.QuietJit) break;
        }
        var steps = run.Steps;
        foreach (var step in steps)
        {
            Bench.Progress($"jumping the clock past {step.Count} notice closes at {step.ClosesAt:O}");
            var clock = Stopwatch.StartNew();
            var advanced = await clockGrain.AdvanceToAsync(step.ClosesAt.AddSeconds(1), ClockActor);
            var elapsed = clock.Elapsed;
            if (advanced.Error is { } error) throw new InvalidOperationException($"{error.Code}: {error.Detail}");

            var left = await CountAsync(db, $"SELECT count(*) FROM deadlines WHERE kind = 'notice-close' AND entity_id LIKE '{step.Prefix}-%'");
            var closed = await CountAsync(db, $"SELECT count(*) FROM resources WHERE entity_type = 'notice' AND state = 'closed' AND id LIKE '{step.Prefix}-%'");
            if (left != 0 || closed != step.Count)
            {
                throw new InvalidOperationException($"After the jump {closed} of {step.Count} notices are closed and {left} close deadlines are left.");
            }

            var rate = step.Count / elapsed.TotalSeconds;
            if (steps.Count > 1) bench.Report($"deadline_catchup_per_s{Scale.Suffix(step.Count)}", rate, "1/s");
            if (step == steps[^1]) bench.Report("deadline_catchup_per_s", rate, "1/s");
        }
    }

    private static async Task<long> CountAsync(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
