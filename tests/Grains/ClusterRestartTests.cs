using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Audit;
using Domains.GrainInterfaces.Clock;
using Domains.GrainInterfaces.Domains;
using Domains.Tests.Fixtures;
using Npgsql;
using Orleans.TestingHost;

namespace Domains.Tests.Grains;

/// <summary>
/// A cluster of its own, on a database of its own, stopped and started again: nothing acknowledged is
/// lost, and a deadline that fell due while no silo ran is handled by the durable reminder afterwards.
/// </summary>
public sealed class ClusterRestartTests
{
    [Fact]
    public async Task WholeClusterRestart_KeepsState_AndCatchesUpOnDeadlinesDueWhileDown()
    {
        var database = PostgresServer.Instance.CreateDatabase("restart");
        var connectionString = database.Admin;
        var sweep = TimeSpan.FromSeconds(2);
        var domainId = Ids.New("dom");
        var probeId = Ids.New("probe");
        DateTimeOffset stoppedAt;

        await using (var first = await TestClusters.StartAsync(database, silos: 1, sweepPeriod: sweep))
        {
            var domain = first.Client.GetGrain<IDomainGrain>(domainId);
            await domain.RegisterAsync(new DomainDefinition("Xiamen", DomainLevel.City, "350200", "v1"), Contexts.Authority());
            await domain.ReportBuiltAsync(Contexts.Automation());
            stoppedAt = (await first.Client.GetGrain<IBusinessClockGrain>(0).GetStatusAsync()).Now;
            await first.Client.GetGrain<IDeadlineProbeGrain>(probeId).ScheduleAsync([stoppedAt.AddHours(1)], Contexts.Authority());
            await first.StopAllSilosAsync();
        }

        // While no silo runs, business time passes the deadline.
        await ExecuteAsync(connectionString, "UPDATE business_clock SET now = now + interval '1 day'");

        await using var second = await TestClusters.StartAsync(database, silos: 1, sweepPeriod: sweep);
        var restarted = second.Client.GetGrain<IDomainGrain>(domainId);
        var kept = await restarted.GetAsync();
        var accepted = await restarted.AcceptAsync("INSP-9", Contexts.Authority());
        var handled = await WaitForHandledAsync(second, probeId, TimeSpan.FromSeconds(60));

        Assert.Equal(DomainStatus.AwaitingAcceptance, kept!.State);
        Assert.Equal(2, kept.Version);
        Assert.Equal(3, accepted.Value!.Version);
        var chain = await second.Client.GetGrain<IAuditReaderGrain>(0).VerifyAsync(new EntityRef("domain", domainId));
        Assert.True(chain.Valid);
        Assert.Equal(3, chain.Events);
        Assert.Equal(stoppedAt.AddHours(1), handled.DueAt);
        Assert.Equal(stoppedAt.AddDays(1), handled.HandledAt);
        Assert.Equal(1L, await ScalarAsync(connectionString,
            $"SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = '{second.Options.ClusterId}' AND Status = 3"));
    }

    private static async Task<HandledDeadline> WaitForHandledAsync(TestCluster cluster, string probeId, TimeSpan limit)
    {
        var probe = cluster.Client.GetGrain<IDeadlineProbeGrain>(probeId);
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            if ((await probe.GetAsync())?.Handled is [var handled, ..]) return handled;
            await Task.Delay(250);
        }
        throw new TimeoutException($"The reminder did not handle the deadline within {limit}.");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        await db.CreateCommand(sql).ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        return (long)(await db.CreateCommand(sql).ExecuteScalarAsync())!;
    }
}
