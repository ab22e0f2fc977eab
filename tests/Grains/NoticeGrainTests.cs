using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Audit;
using Domains.GrainInterfaces.Clock;
using Domains.GrainInterfaces.Notices;
using Domains.Grains.Lifecycle;
using Domains.Grains.Notices;
using Domains.Tests.Fixtures;
using Npgsql;

namespace Domains.Tests.Grains;

[Collection(StackCollection.Name)]
public sealed class NoticeGrainTests(StackFixture stack)
{
    private IBusinessClockGrain Clock => stack.Grains.GetGrain<IBusinessClockGrain>(0);

    private IAuditReaderGrain Audit => stack.Grains.GetGrain<IAuditReaderGrain>(0);

    private async Task<(string Id, INoticeGrain Grain, DateTimeOffset Now)> DefinedAsync(int? quota = null, TimeSpan? closesIn = null)
    {
        var now = (await Clock.GetStatusAsync()).Now;
        var id = Ids.New("ntc");
        var grain = stack.Grains.GetGrain<INoticeGrain>(id);
        await grain.DefineAsync(Samples.Notice(now, quota, closesIn), Contexts.Authority());
        return (id, grain, now);
    }

    public static TheoryData<NoticeStatus, NoticeCommand> AllPairs() => Lifecycle.NoticeLifecycleTests.AllPairs();

    /// <summary>The table once more, through the real grain; <c>Close</c> is its deadline, fired by the clock.</summary>
    [Theory]
    [MemberData(nameof(AllPairs))]
    public async Task Command_InEveryState_FollowsTheTable(NoticeStatus from, NoticeCommand command)
    {
        var (id, grain, now) = await DefinedAsync(closesIn: TimeSpan.FromHours(1));
        if (from is NoticeStatus.Published or NoticeStatus.Closed) await grain.PublishAsync(Contexts.Authority());
        if (from == NoticeStatus.Closed) await Clock.AdvanceToAsync(now.AddHours(1), Contexts.Authority());
        if (from == NoticeStatus.Withdrawn) await grain.WithdrawAsync(Contexts.Authority());
        var before = (await grain.GetAsync())!;
        Assert.Equal(from, before.State);

        CommandResult<NoticeView>? result = command switch
        {
            NoticeCommand.Define => await grain.DefineAsync(Samples.Notice(now) with { Title = "redefined" }, Contexts.Authority()),
            NoticeCommand.Publish => await grain.PublishAsync(Contexts.Authority()),
            NoticeCommand.Withdraw => await grain.WithdrawAsync(Contexts.Authority()),
            _ => null,
        };
        if (command == NoticeCommand.Close)
        {
            await Clock.AdvanceToAsync(Max((await Clock.GetStatusAsync()).Now, now.AddHours(1)), Contexts.Authority());
            await grain.OnDeadlinesDueAsync();
        }

        var decision = NoticeLifecycle.Decide(from, command);
        var after = (await grain.GetAsync())!;
        var events = (await Audit.VerifyAsync(new EntityRef("notice", id))).Events;
        switch (decision.Kind)
        {
            case DecisionKind.Allowed:
                Assert.True(result?.IsSuccess ?? true);
                Assert.Equal(decision.To, after.State);
                Assert.Equal(before.Version + 1, after.Version);
                Assert.Equal(after.Version, events);
                break;
            case DecisionKind.Ignored:
                Assert.Equal(before.Version, after.Version);
                Assert.Equal(before.Version, events);
                break;
            default:
                if (result is not null)
                {
                    Assert.Equal(ErrorCodes.InvalidTransition, result.Error?.Code);
                    Assert.Contains(Kebab.Name(from), result.Error!.Detail);
                }
                Assert.Equal(from, after.State);
                Assert.Equal(before.Version, after.Version);
                Assert.Equal(before.Version, events);
                break;
        }
    }

    [Fact]
    public async Task PublishedNotice_ClosesAtClosesAt_ByTheClock()
    {
        var (id, grain, now) = await DefinedAsync(closesIn: TimeSpan.FromDays(3));
        var closesAt = now.AddDays(3);
        var published = await grain.PublishAsync(Contexts.Authority());

        await Clock.AdvanceToAsync(closesAt.AddTicks(-10), Contexts.Authority());
        var justBefore = (await grain.GetAsync())!;
        await Clock.AdvanceToAsync(closesAt.AddHours(1), Contexts.Authority());
        var after = (await grain.GetAsync())!;

        Assert.Equal(NoticeStatus.Published, published.Value!.State);
        Assert.Equal(now, published.Value.PublishedAt);
        Assert.True(justBefore.IsOpenAt(closesAt.AddTicks(-10)));
        Assert.Equal(NoticeStatus.Published, justBefore.State);
        Assert.Equal(NoticeStatus.Closed, after.State);
        var close = (await Audit.ListAsync(new AuditQuery(new EntityRef("notice", id), null, null, null, 0, 50))).Items[^1];
        Assert.Equal(("close", "published", "closed", "system", closesAt), (close.Action, close.FromState, close.ToState, close.Role, close.At));
        Assert.Empty(await DeadlineRowsAsync(id));
    }

    [Fact]
    public async Task Publish_AfterClosesAtPassed_ClosesAtOnceThroughTheDeadline()
    {
        var now = (await Clock.GetStatusAsync()).Now;
        var id = Ids.New("ntc");
        var grain = stack.Grains.GetGrain<INoticeGrain>(id);
        await grain.DefineAsync(Samples.Notice(now) with { OpensAt = now.AddDays(-10), ClosesAt = now.AddDays(-1) }, Contexts.Authority());

        var published = await grain.PublishAsync(Contexts.Authority());

        Assert.True(published.IsSuccess);
        Assert.Equal(NoticeStatus.Closed, (await grain.GetAsync())!.State);
        var audit = await Audit.ListAsync(new AuditQuery(new EntityRef("notice", id), null, null, null, 0, 50));
        Assert.Equal(["define", "publish", "close"], audit.Items.Select(e => e.Action));
        Assert.Empty(await DeadlineRowsAsync(id));
    }

    [Fact]
    public async Task Withdraw_OfAPublishedNotice_DropsItsCloseDeadline()
    {
        var (id, grain, now) = await DefinedAsync();
        await grain.PublishAsync(Contexts.Authority());
        var armed = await DeadlineRowsAsync(id);

        var withdrawn = await grain.WithdrawAsync(Contexts.Authority("field merged"));

        Assert.Equal([(NoticeGrain.CloseKind, now.AddDays(30))], armed);
        Assert.Equal(NoticeStatus.Withdrawn, withdrawn.Value!.State);
        Assert.Empty(await DeadlineRowsAsync(id));
    }

    [Fact]
    public async Task ReserveQuota_TwentyAtOnceAgainstAQuotaOf3_GrantsExactly3_AndARepeatOfAGrantedOneStaysGranted()
    {
        var (_, grain, _) = await DefinedAsync(quota: 3);
        var version = (await grain.GetAsync())!.Version;
        var ids = Enumerable.Range(0, 20).Select(i => $"auth-{i}").ToList();

        var answers = await Task.WhenAll(ids.Select(async id => (Id: id, Error: await grain.ReserveQuotaAsync(id))));
        var granted = answers.Where(a => a.Error is null).Select(a => a.Id).ToList();
        var repeats = await Task.WhenAll(granted.Select(grain.ReserveQuotaAsync));
        var refusedAgain = await grain.ReserveQuotaAsync(answers.First(a => a.Error is not null).Id);

        Assert.Equal(3, granted.Count);
        Assert.All(answers.Where(a => a.Error is not null), a => Assert.Equal(ErrorCodes.QuotaExhausted, a.Error!.Code));
        Assert.All(repeats, r => Assert.Null(r));
        Assert.Equal(ErrorCodes.QuotaExhausted, refusedAgain?.Code);
        var view = (await grain.GetAsync())!;
        Assert.Equal(3, view.ApprovedCount);
        Assert.Equal(version, view.Version);
    }

    [Fact]
    public async Task ReserveQuota_WithoutAQuota_IsAlwaysGranted_AndCounted()
    {
        var (_, grain, _) = await DefinedAsync(quota: null);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => grain.ReserveQuotaAsync($"auth-{i}")));

        Assert.All(answers, a => Assert.Null(a));
        Assert.Equal(8, (await grain.GetAsync())!.ApprovedCount);
    }

    [Fact]
    public async Task ReserveQuota_OnAnUnknownNotice_IsNotFound()
    {
        var grain = stack.Grains.GetGrain<INoticeGrain>(Ids.New("ntc"));

        var error = await grain.ReserveQuotaAsync("auth-1");

        Assert.Equal(ErrorCodes.NotFound, error?.Code);
        Assert.Null(await grain.GetAsync());
    }

    [Fact]
    public async Task ListRow_CarriesThePublicationOnlyWhilePublished()
    {
        var (id, grain, _) = await DefinedAsync();
        var draft = await PublishedAtOfRowAsync(id);
        await grain.PublishAsync(Contexts.Authority());
        var published = await PublishedAtOfRowAsync(id);
        await grain.WithdrawAsync(Contexts.Authority());
        var withdrawn = await PublishedAtOfRowAsync(id);

        Assert.Equal((true, "draft"), (draft.PublishedAt is null, draft.State));
        Assert.Equal((false, "published"), (published.PublishedAt is null, published.State));
        Assert.Equal((true, "withdrawn"), (withdrawn.PublishedAt is null, withdrawn.State));
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private async Task<List<(string Kind, DateTimeOffset DueAt)>> DeadlineRowsAsync(string id)
    {
        await using var db = NpgsqlDataSource.Create(stack.ConnectionString);
        await using var cmd = db.CreateCommand("SELECT kind, due_at FROM deadlines WHERE entity_type = 'notice' AND entity_id = @id ORDER BY due_at");
        cmd.Parameters.AddWithValue("id", id);
        var rows = new List<(string, DateTimeOffset)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero)));
        return rows;
    }

    private async Task<(string State, DateTime? PublishedAt)> PublishedAtOfRowAsync(string id)
    {
        await using var db = NpgsqlDataSource.Create(stack.ConnectionString);
        await using var cmd = db.CreateCommand("SELECT state, published_at FROM resources WHERE entity_type = 'notice' AND id = @id");
        cmd.Parameters.AddWithValue("id", id);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetDateTime(1));
    }
}
