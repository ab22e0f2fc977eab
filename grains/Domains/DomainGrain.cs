using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Domains;
using Domains.Grains.Clock;
using Domains.Grains.Entity;
using Domains.Grains.Journal;
using Domains.Grains.Lifecycle;
using Domains.Grains.Storage;
using Domains.Grains.Workspaces;
using Domains.GrainInterfaces.Lists;

namespace Domains.Grains.Domains;

public sealed class DomainGrain(
    [PersistentState(StorageNames.DomainState, StorageNames.Main)] IPersistentState<DomainState> state,
    BusinessClock clock,
    IEntityJournal journal)
    : LifecycleGrain<DomainState, DomainView, DomainStatus, DomainCommand>(state, clock, journal), IDomainGrain
{
    protected override string EntityTypeName => EntityTypes.Domain;

    protected override LifecycleTable<DomainStatus, DomainCommand> Table => DomainLifecycle.Table;

    public Task<DomainView?> GetAsync() => Task.FromResult(ViewIfExists());

    public Task<bool> IsOperationalAsync() => Task.FromResult(Exists && State.Status == DomainStatus.Operational);

    public Task<CommandResult<DomainView>> RegisterAsync(DomainDefinition definition, CommandContext context)
    {
        if (!Exists)
        {
            return ExecuteAsync(context, "register", _ => Outcome.Transition(() =>
            {
                State.Status = DomainStatus.Planned;
                State.Definition = definition;
            }));
        }

        return RunAsync(DomainCommand.Update, context, _ => State.Definition = definition);
    }

    public Task<CommandResult<DomainView>> ReportBuiltAsync(CommandContext context) =>
        RunAsync(DomainCommand.ReportBuilt, context, now => State.BuiltAt = now);

    public Task<CommandResult<DomainView>> AcceptAsync(string inspectionRef, CommandContext context) =>
        RunAsync(DomainCommand.Accept, context, now =>
        {
            State.InspectionRef = inspectionRef;
            State.AcceptedAt = now;
        });

    public Task<CommandResult<DomainView>> SuspendAsync(CommandContext context) =>
        RunAsync(DomainCommand.Suspend, context, now =>
            State.Suspension = new DomainSuspensionView(context.Reason ?? "", now, context.Actor.Subject));

    public Task<CommandResult<DomainView>> ResumeAsync(CommandContext context) =>
        RunAsync(DomainCommand.Resume, context, _ => State.Suspension = null);

    /// <summary>A domain is retired only when it hosts no live workspace (DOMAIN.md §3).</summary>
    public Task<CommandResult<DomainView>> RetireAsync(CommandContext context) =>
        RunAsync(DomainCommand.Retire, context, _ => { }, async _ =>
        {
            var live = await GrainFactory.GetGrain<IResourceListGrain>(0).CountAsync(
                new ResourceQuery(EntityTypes.Workspace, ParentId: Id, States: WorkspaceGrain.LiveStates));
            return live == 0
                ? null
                : DomainError.InvalidTransition(StateName, $"retire (the domain still hosts {live} live workspace(s))");
        });

    protected override DomainView ToView() => new(
        Id, State.Status, State.Version, State.CreatedAt, State.UpdatedAt, State.Definition!,
        State.BuiltAt, State.InspectionRef, State.AcceptedAt, State.Suspension);
}
