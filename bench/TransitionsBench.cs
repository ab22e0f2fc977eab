using System.Diagnostics;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Clock;
using Domains.GrainInterfaces.Notices;
using Npgsql;

namespace Domains.Bench;

/// <summary>
/// <c>transitions_per_s</c>: durable, audited lifecycle transitions through the grains (a new notice
/// defined then published: two transitions, each a state write, an audit event and a list row, the
/// second also a deadline row), against <c>pg_upsert_per_s</c>, the same number of single-row upserts
/// of a payload of the same size by the same driver at the same concurrency. The notices' close
/// deadlines, all at one instant ahead, are what the deadline scenario then catches up on.
/// </summary>
public static class TransitionsBench
{
    /// <summary>Callers at once, for the grains and for the raw upserts alike.</summary>
    public const int Concurrency = 64;

    /// <summary>
    /// Rounds of notices defined and published before the measured steps, not timed, until a round leaves the JIT
    /// quiet: a new workload's first seconds compile its code (measured: 2.2 s of JIT in every 4 s of the first
    /// transitions, and still 6,600 methods compiled over a 22 s step after one round of 5,000), and the figures
    /// are of the steady state. Each round's notices close at an instant of their own, half an hour ahead and
    /// before every step's, so the deadline scenario warms up on them round by round. The upserts get a round too.
    /// </summary>
    public const int WarmUpRound = 2_000;

    /// <summary>Methods compiled during a round below which the JIT counts as quiet.</summary>
    public const long QuietJit = 100;

    public const int MaxWarmUpRounds = 15;

    private static readonly CommandContext Authority = CommandContext.For(new Actor("bench-authority", Role.Authority));

    /// <summary>
    /// Defines and publishes each step's count of new notices, closing at one instant per step (the
    /// steps' instants an hour apart, the first an hour ahead of the business clock). The figures of
    /// the last step are the headline ones; with several steps each also gets its <c>_at_</c> figures.
    /// </summary>
    public static async Task<TransitionsRun> RunAsync(Bench bench, string domainId, IReadOnlyList<int> steps)
    {
        var now = (await bench.Grains.GetGrain<IBusinessClockGrain>(0).GetStatusAsync()).Now;
        var warmUp = new List<PendingCloses>();
        for (var round = 0; round < MaxWarmUpRounds; round++)
        {
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            var closes = new PendingCloses($"bench-warm-{round}-{Guid.NewGuid():N}"[..24], WarmUpRound, now.AddMinutes(30).AddSeconds(round));
            await DefineAndPublishAsync(bench, domainId, closes.Prefix, WarmUpRound, now, closes.ClosesAt);
            warmUp.Add(closes);
            compiled = System.Runtime.JitInfo.GetCompiledMethodCount() - compiled;
            Bench.Progress($"warm-up round {round + 1}: {WarmUpRound} notices, not measured; {compiled} methods compiled meanwhile");
            if (compiled < QuietJit) break;
        }
        await UpsertAsync(bench, WarmUpRound, payloadBytes: 700);
        var pending = new List<PendingCloses>();
        for (var s = 0; s < steps.Count; s++)
        {
            var count = steps[s];
            var closesAt = now.AddHours(s + 1);
            var prefix = $"bench-ntc-{s}-{Guid.NewGuid():N}"[..24];
            Bench.Progress($"defining and publishing {count} notices closing at {closesAt:O}");
            var elapsed = await DefineAndPublishAsync(bench, domainId, prefix, count, now, closesAt);
            var transitions = 2.0 * count / elapsed.TotalSeconds;

            var payloadBytes = await StatePayloadBytesAsync(bench);
            Bench.Progress($"upserting {2 * count} rows of {payloadBytes} bytes");
            var upserts = 2.0 * count / (await UpsertAsync(bench, count, payloadBytes)).TotalSeconds;

            void Report(string suffix)
            {
                bench.Report($"pg_upsert_per_s{suffix}", upserts, "1/s");
                bench.Report($"transitions_per_s{suffix}", transitions, "1/s");
                bench.Report($"transitions_vs_pg_upsert_ratio{suffix}", transitions / upserts, "ratio");
            }
            if (steps.Count > 1) Report(Scale.Suffix(count));
            if (s == steps.Count - 1) Report("");
            pending.Add(new PendingCloses(prefix, count, closesAt));
        }
        return new TransitionsRun(warmUp, pending);
    }

    private static async Task<TimeSpan> DefineAndPublishAsync(
        Bench bench, string domainId, string prefix, int count, DateTimeOffset now, DateTimeOffset closesAt)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, _) =>
        {
            var notice = bench.Grains.GetGrain<INoticeGrain>($"{prefix}-{i}");
            var defined = await notice.DefineAsync(new NoticeDefinition("Bench", "bench", new Region(RegionLevel.City, "350100"),
                false, null, now.AddDays(-1), closesAt, domainId), Authority);
            Check(defined.Error);
            Check((await notice.PublishAsync(Authority)).Error);
        });
        return clock.Elapsed;
    }

    /// <summary>The mean size of the notices' stored state, so the raw upserts carry as much.</summary>
    private static async Task<int> StatePayloadBytesAsync(Bench bench)
    {
        await using var db = NpgsqlDataSource.Create(bench.ConnectionString);
        await using var cmd = db.CreateCommand("""
            SELECT coalesce(avg(octet_length(payloadbinary)), 1000)::int FROM (
                SELECT payloadbinary FROM orleansstorage WHERE graintypestring LIKE '%notice%' LIMIT 1000) s
            """);
        return (int)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Per id an insert then an update (as define then publish), <see cref="Concurrency"/> at once.</summary>
    private static async Task<TimeSpan> UpsertAsync(Bench bench, int count, int payloadBytes)
    {
        await using var db = NpgsqlDataSource.Create(bench.ConnectionString);
        await using (var create = db.CreateCommand("""
            DROP TABLE IF EXISTS bench_upsert;
            CREATE TABLE bench_upsert (id text PRIMARY KEY, version int NOT NULL, payload jsonb NOT NULL)
            """))
        {
            await create.ExecuteNonQueryAsync();
        }

        var filler = new string('x', Math.Max(0, payloadBytes - 40));
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, _) =>
        {
            for (var version = 1; version <= 2; version++)
            {
                await using var cmd = db.CreateCommand("""
                    INSERT INTO bench_upsert (id, version, payload) VALUES (@id, @version, @payload::jsonb)
                    ON CONFLICT (id) DO UPDATE SET version = excluded.version, payload = excluded.payload
                    """);
                cmd.Parameters.AddWithValue("id", $"bench-upsert-{i}");
                cmd.Parameters.AddWithValue("version", version);
                cmd.Parameters.AddWithValue("payload", $$"""{"version":{{version}},"filler":"{{filler}}"}""");
                await cmd.ExecuteNonQueryAsync();
            }
        });
        var elapsed = clock.Elapsed;
        await using (var drop = db.CreateCommand("DROP TABLE bench_upsert")) await drop.ExecuteNonQueryAsync();
        return elapsed;
    }

    private static void Check(DomainError? error)
    {
        if (error is not null) throw new InvalidOperationException($"{error.Code}: {error.Detail}");
    }
}

/// <summary>Notices <c>{Prefix}-0</c> … <c>{Prefix}-{Count-1}</c>, published, each closing at <see cref="ClosesAt"/>.</summary>
public sealed record PendingCloses(string Prefix, int Count, DateTimeOffset ClosesAt);

/// <summary>The warm-up rounds' notices (closing before every step's, a round at an instant) and each step's.</summary>
public sealed record TransitionsRun(IReadOnlyList<PendingCloses> WarmUp, IReadOnlyList<PendingCloses> Steps);

public static class Scale
{
    /// <summary>The steps of the scale curve: one of 30k in the quick run (with the 10k authorizations' own deadlines, over 100k pending), 10k, 100k and 1M in the full one.</summary>
    public static IReadOnlyList<int> Steps(bool quick) => quick ? [30_000] : [10_000, 100_000, 1_000_000];

    /// <summary><c>_at_10k</c>, <c>_at_1m</c>…: the scale-curve suffix of a step.</summary>
    public static string Suffix(int count) => count switch
    {
        >= 1_000_000 when count % 1_000_000 == 0 => $"_at_{count / 1_000_000}m",
        >= 1_000 when count % 1_000 == 0 => $"_at_{count / 1_000}k",
        _ => $"_at_{count}",
    };
}
