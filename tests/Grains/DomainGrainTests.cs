using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Audit;
using Domains.GrainInterfaces.Domains;
using Domains.Grains.Domains;
using Domains.Grains.Lifecycle;
using Domains.Tests.Fixtures;

namespace Domains.Tests.Grains;

[Collection(StackCollection.Name)]
public sealed class DomainGrainTests(StackFixture stack)
{
    private static readonly DomainDefinition Definition = new("Fuzhou city domain", DomainLevel.City, "350100", "DB35/T-2024");

    private IAuditReaderGrain Audit => stack.Grains.GetGrain<IAuditReaderGrain>(0);

    [Fact]
    public async Task FullFlow_FromRegisterToRetire_RecordsOneChainedAuditEventPerTransition()
    {
        var id = Ids.New("dom");
        var grain = stack.Grains.GetGrain<IDomainGrain>(id);

        var registered = await grain.RegisterAsync(Definition, Contexts.Authority());
        await grain.ReportBuiltAsync(Contexts.Automation());
        await grain.AcceptAsync("INSP-1", Contexts.Authority());
        await grain.SuspendAsync(Contexts.Supervisor("breach found"));
        await grain.ResumeAsync(Contexts.Supervisor("fixed"));
        var retired = await grain.RetireAsync(Contexts.Authority("no longer used"));

        Assert.True(registered.Created);
        Assert.Equal(DomainStatus.Retired, retired.Value!.State);
        Assert.Equal(6, retired.Value.Version);
        var audit = await Audit.ListAsync(new AuditQuery(new EntityRef("domain", id), null, null, null, 0, 50));
        Assert.Equal(["register", "report-built", "accept", "suspend", "resume", "retire"], audit.Items.Select(e => e.Action));
        Assert.Equal([null, "planned", "awaiting-acceptance", "operational", "suspended", "operational"], audit.Items.Select(e => e.FromState));
        Assert.Equal("supervisor", audit.Items[3].Role);
        Assert.Equal("breach found", audit.Items[3].Reason);
        var verification = await Audit.VerifyAsync(new EntityRef("domain", id));
        Assert.True(verification.Valid);
        Assert.Equal(6, verification.Events);
    }

    public static TheoryData<DomainStatus, DomainCommand> AllPairs() => Lifecycle.DomainLifecycleTests.AllPairs();

    /// <summary>The table once more, through the real grain: state, version and audit follow each decision.</summary>
    [Theory]
    [MemberData(nameof(AllPairs))]
    public async Task Command_InEveryState_FollowsTheTable(DomainStatus from, DomainCommand command)
    {
        var id = Ids.New("dom");
        var grain = stack.Grains.GetGrain<IDomainGrain>(id);
        var before = await DriveToAsync(grain, from);

        var result = await ApplyAsync(grain, command);

        var decision = DomainLifecycle.Decide(from, command);
        var after = (await grain.GetAsync())!;
        var events = (await Audit.VerifyAsync(new EntityRef("domain", id))).Events;
        switch (decision.Kind)
        {
            case DecisionKind.Allowed:
                Assert.True(result.IsSuccess);
                Assert.Equal(decision.To, after.State);
                Assert.Equal(before.Version + 1, after.Version);
                Assert.Equal(after.Version, events);
                break;
            case DecisionKind.Ignored:
                Assert.True(result.IsSuccess);
                Assert.Equal(before.Version, after.Version);
                Assert.Equal(before.Version, events);
                break;
            default:
                Assert.Equal(ErrorCodes.InvalidTransition, result.Error?.Code);
                Assert.Contains(Kebab.Name(from), result.Error!.Detail);
                Assert.Equal(before.Version, after.Version);
                Assert.Equal(before.Version, events);
                break;
        }
    }

    [Fact]
    public async Task Command_OnAnUnknownDomain_IsNotFoundAndCreatesNothing()
    {
        var grain = stack.Grains.GetGrain<IDomainGrain>(Ids.New("dom"));

        var result = await grain.AcceptAsync("INSP", Contexts.Authority());

        Assert.Equal(ErrorCodes.NotFound, result.Error?.Code);
        Assert.Null(await grain.GetAsync());
    }

    [Fact]
    public async Task SameIdempotencyKeyAndRequest_ReplaysTheFirstAnswer_AndAppliesOnce()
    {
        var id = Ids.New("dom");
        var grain = stack.Grains.GetGrain<IDomainGrain>(id);
        await grain.RegisterAsync(Definition, Contexts.Authority());
        var context = Contexts.Automation() with { IdempotencyKey = "k-1", RequestHash = "h-1" };

        var first = await grain.ReportBuiltAsync(context);
        await grain.AcceptAsync("INSP", Contexts.Authority());
        var replay = await grain.ReportBuiltAsync(context);
        var reused = await grain.ReportBuiltAsync(context with { RequestHash = "h-2" });

        Assert.Equal(first, replay);
        Assert.Equal(DomainStatus.AwaitingAcceptance, replay.Value!.State);
        Assert.Equal(ErrorCodes.IdempotencyKeyReused, reused.Error?.Code);
        Assert.Equal(3, (await Audit.VerifyAsync(new EntityRef("domain", id))).Events);
    }

    [Fact]
    public async Task ExpectedVersion_NotTheCurrentOne_IsAVersionMismatch()
    {
        var grain = stack.Grains.GetGrain<IDomainGrain>(Ids.New("dom"));
        await grain.RegisterAsync(Definition, Contexts.Authority());

        var stale = await grain.ReportBuiltAsync(Contexts.Automation() with { ExpectedVersion = 7 });
        var current = await grain.ReportBuiltAsync(Contexts.Automation() with { ExpectedVersion = 1 });

        Assert.Equal(ErrorCodes.VersionMismatch, stale.Error?.Code);
        Assert.True(current.IsSuccess);
    }

    [Fact]
    public async Task AuditAppendFailingAfterTheSave_IsRepairedByTheNextCall_WithExactlyOneEventPerTransition()
    {
        var id = Ids.New("dom");
        var grain = stack.Grains.GetGrain<IDomainGrain>(id);
        await grain.RegisterAsync(Definition, Contexts.Authority());

        FaultInjectingJournal.FailNextAuditAppendOf("domain", id);
        await Assert.ThrowsAsync<InjectedFaultException>(() => grain.ReportBuiltAsync(Contexts.Automation()));
        var saved = (await grain.GetAsync())!;
        await grain.AcceptAsync("INSP", Contexts.Authority());

        Assert.Equal(DomainStatus.AwaitingAcceptance, saved.State);
        var audit = await Audit.ListAsync(new AuditQuery(new EntityRef("domain", id), null, null, null, 0, 50));
        Assert.Equal(["register", "report-built", "accept"], audit.Items.Select(e => e.Action));
        Assert.True((await Audit.VerifyAsync(new EntityRef("domain", id))).Valid);
    }

    private static async Task<DomainView> DriveToAsync(IDomainGrain grain, DomainStatus target)
    {
        var view = (await grain.RegisterAsync(Definition, Contexts.Authority())).Value!;
        if (target == DomainStatus.Planned) return view;
        view = (await grain.ReportBuiltAsync(Contexts.Automation())).Value!;
        if (target == DomainStatus.AwaitingAcceptance) return view;
        view = (await grain.AcceptAsync("INSP", Contexts.Authority())).Value!;
        if (target == DomainStatus.Operational) return view;
        return target == DomainStatus.Suspended
            ? (await grain.SuspendAsync(Contexts.Supervisor("breach"))).Value!
            : (await grain.RetireAsync(Contexts.Authority("done"))).Value!;
    }

    private static Task<CommandResult<DomainView>> ApplyAsync(IDomainGrain grain, DomainCommand command) => command switch
    {
        DomainCommand.Update => grain.RegisterAsync(Definition with { Name = "renamed" }, Contexts.Authority()),
        DomainCommand.ReportBuilt => grain.ReportBuiltAsync(Contexts.Automation()),
        DomainCommand.Accept => grain.AcceptAsync("INSP-2", Contexts.Authority()),
        DomainCommand.Suspend => grain.SuspendAsync(Contexts.Supervisor("breach")),
        DomainCommand.Resume => grain.ResumeAsync(Contexts.Supervisor("ok")),
        DomainCommand.Retire => grain.RetireAsync(Contexts.Authority("done")),
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };
}
