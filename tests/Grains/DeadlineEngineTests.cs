using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Audit;
using Domains.GrainInterfaces.Clock;
using Domains.GrainInterfaces.Deadlines;
using Domains.Grains.Deadlines;
using Domains.Tests.Fixtures;
using Npgsql;

namespace Domains.Tests.Grains;

[Collection(StackCollection.Name)]
public sealed class DeadlineEngineTests(StackFixture stack)
{
    private IBusinessClockGrain Clock => stack.Grains.GetGrain<IBusinessClockGrain>(0);

    [Fact]
    public async Task AdvancingTheClock_PastTwoOfThreeDeadlines_HandlesThoseTwoInOrderAtTheirOwnInstants()
    {
        var now = (await Clock.GetStatusAsync()).Now;
        var id = Ids.New("probe");
        var probe = stack.Grains.GetGrain<IDeadlineProbeGrain>(id);
        await probe.ScheduleAsync([now.AddDays(2), now.AddDays(1), now.AddDays(10)], Contexts.Authority());

        await Clock.AdvanceToAsync(now.AddDays(5), Contexts.Authority());

        var view = (await probe.GetAsync())!;
        Assert.Equal([now.AddDays(1), now.AddDays(2)], view.Handled.Select(h => h.DueAt));
        Assert.Equal(view.Handled.Select(h => h.DueAt), view.Handled.Select(h => h.HandledAt));
        Assert.Equal([now.AddDays(10)], view.Pending);
        Assert.Equal([now.AddDays(10)], (await IndexRowsAsync(id)).Select(d => d.DueAt));
        var audit = await stack.Grains.GetGrain<IAuditReaderGrain>(0).VerifyAsync(new EntityRef(DeadlineProbeGrain.EntityType, id));
        Assert.True(audit.Valid);
        Assert.Equal(3, audit.Events);
    }

    [Fact]
    public async Task DeadlineCall_Repeated_HandlesEachDeadlineOnce()
    {
        var now = (await Clock.GetStatusAsync()).Now;
        var probe = stack.Grains.GetGrain<IDeadlineProbeGrain>(Ids.New("probe"));
        await probe.ScheduleAsync([now.AddHours(1)], Contexts.Authority());
        await Clock.AdvanceToAsync(now.AddHours(2), Contexts.Authority());

        await probe.OnDeadlinesDueAsync();
        await probe.OnDeadlinesDueAsync();

        var view = (await probe.GetAsync())!;
        Assert.Single(view.Handled);
        Assert.Equal(2, view.Version);
    }

    [Fact]
    public async Task IndexRow_WithoutItsDeadlineInState_IsDroppedByTheSweep()
    {
        var now = (await Clock.GetStatusAsync()).Now;
        var id = Ids.New("probe");
        var probe = stack.Grains.GetGrain<IDeadlineProbeGrain>(id);
        await probe.ScheduleAsync([now.AddDays(30)], Contexts.Authority());
        await InsertIndexRowAsync(id, now.AddMinutes(-1));

        await stack.Grains.GetGrain<IDeadlineShardGrain>(DeadlineShards.Of(DeadlineProbeGrain.EntityType, id)).SweepAsync(now);

        Assert.Equal([now.AddDays(30)], (await IndexRowsAsync(id)).Select(d => d.DueAt));
        Assert.Empty((await probe.GetAsync())!.Handled);
    }

    [Fact]
    public async Task Clock_NeverMovesBackwards()
    {
        var now = (await Clock.GetStatusAsync()).Now;

        var result = await Clock.AdvanceToAsync(now.AddDays(-1), Contexts.Authority());

        Assert.Equal(ErrorCodes.ValidationFailed, result.Error?.Code);
        Assert.Equal(now, (await Clock.GetStatusAsync()).Now);
    }

    [Fact]
    public async Task IndexQuery_FiltersByEntityKindAndInstant_InDueOrder_WithPaging()
    {
        var now = (await Clock.GetStatusAsync()).Now;
        var id = Ids.New("probe");
        await stack.Grains.GetGrain<IDeadlineProbeGrain>(id)
            .ScheduleAsync([now.AddDays(3), now.AddDays(1), now.AddDays(2), now.AddDays(400)], Contexts.Authority());
        var index = stack.Grains.GetGrain<IDeadlineIndexGrain>(0);
        var entity = new EntityRef(DeadlineProbeGrain.EntityType, id);

        var first = await index.ListAsync(new DeadlineQuery(now.AddDays(100), DeadlineProbeGrain.Kind, entity, null, 2));
        var second = await index.ListAsync(new DeadlineQuery(now.AddDays(100), DeadlineProbeGrain.Kind, entity, first.NextCursor, 2));

        Assert.Equal([now.AddDays(1), now.AddDays(2)], first.Items.Select(d => d.DueAt));
        Assert.Equal([now.AddDays(3)], second.Items.Select(d => d.DueAt));
        Assert.Null(second.NextCursor);
        Assert.All(first.Items, d => Assert.Equal($"probe/{id}", d.Entity));
    }

    private async Task<IReadOnlyList<DeadlineView>> IndexRowsAsync(string id) =>
        (await stack.Grains.GetGrain<IDeadlineIndexGrain>(0).ListAsync(
            new DeadlineQuery(null, null, new EntityRef(DeadlineProbeGrain.EntityType, id), null, 100))).Items;

    private async Task InsertIndexRowAsync(string id, DateTimeOffset due)
    {
        await using var db = NpgsqlDataSource.Create(stack.ConnectionString);
        await using var cmd = db.CreateCommand("INSERT INTO deadlines (entity_type, entity_id, kind, due_at, shard) VALUES (@t, @id, @k, @due, @shard)");
        cmd.Parameters.AddWithValue("t", DeadlineProbeGrain.EntityType);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("k", DeadlineProbeGrain.Kind);
        cmd.Parameters.AddWithValue("due", due.UtcDateTime);
        cmd.Parameters.AddWithValue("shard", (short)DeadlineShards.Of(DeadlineProbeGrain.EntityType, id));
        await cmd.ExecuteNonQueryAsync();
    }
}
