using Domains.GrainInterfaces.Clock;
using Domains.Tests.Fixtures;
using Npgsql;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace Domains.Tests.Grains;

/// <summary>
/// A cluster of its own: a silo killed while a clock sweep works through many due deadlines loses none
/// of them and handles none twice; the sweep, whichever silo its clock grain and shards were on, ends done.
/// </summary>
public sealed class ClockSweepFailoverTests(ITestOutputHelper output)
{
    private const int Probes = 6_000;

    [Fact]
    public async Task SiloStoppedMidSweep_EveryDeadlineHandledExactlyOnce_AndTheSweepEnds()
    {
        var database = PostgresServer.Instance.CreateDatabase("sweep");
        // Small pages and few owners at a time per shard, so the sweep is still running when the silo stops.
        await using var cluster = await TestClusters.StartAsync(database, silos: 3, settings: new Dictionary<string, string>
        {
            ["Deadlines:Parallelism"] = "1",
            ["Deadlines:BatchSize"] = "4",
        });
        var clock = cluster.Client.GetGrain<IBusinessClockGrain>(0);
        var now = (await clock.GetStatusAsync()).Now;
        var due = now.AddHours(1);
        var prefix = Ids.New("probe");
        var ids = Enumerable.Range(0, Probes).Select(i => $"{prefix}-{i}").ToList();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (id, _) =>
            await cluster.Client.GetGrain<IDeadlineProbeGrain>(id).ScheduleAsync([due], Contexts.Authority()));

        var started = await clock.StartAdvanceAsync(now.AddHours(2), Contexts.Authority());
        await Polling.UntilAsync(() => LeftAsync(database.Admin, prefix), left => left < Probes, TimeSpan.FromMinutes(1), "the sweep handling its first deadlines");
        // Killed, not stopped: a graceful stop drains for seconds, long enough on a quiet machine for the sweep to end first.
        await cluster.KillSiloAsync(cluster.SecondarySilos[0]);
        var leftAtStop = await LeftAsync(database.Admin, prefix);
        output.WriteLine($"{leftAtStop} of {Probes} deadlines left when the silo had stopped");
        var sweep = await WaitDoneAsync(cluster, started.Value!.Id, TimeSpan.FromMinutes(4));

        Assert.True(leftAtStop > 0, "the silo stopped only after the sweep had handled everything; the test proved nothing");
        Assert.True(sweep.Done);
        Assert.Equal(now.AddHours(2), sweep.Now);
        Assert.Equal(0, await LeftAsync(database.Admin, prefix));
        var probes = await Task.WhenAll(ids.Select(id => cluster.Client.GetGrain<IDeadlineProbeGrain>(id).GetAsync()));
        Assert.All(probes, probe => Assert.Equal([due], probe!.Handled.Select(h => h.DueAt)));
        Assert.All(probes, probe => Assert.Equal(2, probe!.Version));
        await cluster.StopAllSilosAsync();
    }

    /// <summary>Polls the sweep; a poll that meets the stopped silo (the clock grain moving) is asked again.</summary>
    private static async Task<ClockSweep> WaitDoneAsync(TestCluster cluster, string id, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            try
            {
                var sweep = await cluster.Client.GetGrain<IBusinessClockGrain>(0).WaitSweepAsync(id, TimeSpan.FromSeconds(5));
                Assert.NotNull(sweep);
                if (sweep.Done) return sweep;
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                await Task.Delay(250);
            }
        }
        throw new TimeoutException($"The clock sweep {id} was not done within {limit}.");
    }

    private static async Task<long> LeftAsync(string connectionString, string prefix)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var cmd = db.CreateCommand("SELECT count(*) FROM deadlines WHERE entity_type = 'probe' AND entity_id LIKE @prefix || '-%'");
        cmd.Parameters.AddWithValue("prefix", prefix);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
