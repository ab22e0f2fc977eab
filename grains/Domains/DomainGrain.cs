using Domains.Grains.Clock;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Domains;
using Domains.Grains.Entity;
using Domains.Grains.Journal;
using Domains.Grains.Lifecycle;
using Domains.Grains.Storage;

namespace Domains.Grains.Domains;

public sealed class DomainGrain(
    [PersistentState(StorageNames.DomainState, StorageNames.Main)] IPersistentState<DomainState> state,
    BusinessClock clock,
    IEntityJournal journal)
    : EntityGrain<DomainState, DomainView>(state, clock, journal), IDomainGrain
{
    protected override string EntityTypeName => EntityTypes.Domain;

    protected override string StateName => Kebab.Name(State.Status);

    public Task<DomainView?> GetAsync() => Task.FromResult(ViewIfExists());

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

        return Run(DomainCommand.Update, context, _ => State.Definition = definition);
    }

    public Task<CommandResult<DomainView>> ReportBuiltAsync(CommandContext context) =>
        Run(DomainCommand.ReportBuilt, context, now => State.BuiltAt = now);

    public Task<CommandResult<DomainView>> AcceptAsync(string inspectionRef, CommandContext context) =>
        Run(DomainCommand.Accept, context, now =>
        {
            State.InspectionRef = inspectionRef;
            State.AcceptedAt = now;
        });

    public Task<CommandResult<DomainView>> SuspendAsync(CommandContext context) =>
        Run(DomainCommand.Suspend, context, now =>
            State.Suspension = new DomainSuspensionView(context.Reason ?? "", now, context.Actor.Subject));

    public Task<CommandResult<DomainView>> ResumeAsync(CommandContext context) =>
        Run(DomainCommand.Resume, context, _ => State.Suspension = null);

    public Task<CommandResult<DomainView>> RetireAsync(CommandContext context) =>
        Run(DomainCommand.Retire, context, _ => { });

    /// <summary>A command on an existing domain, decided by <see cref="DomainLifecycle"/>.</summary>
    private Task<CommandResult<DomainView>> Run(DomainCommand command, CommandContext context, Action<DateTimeOffset> apply) =>
        ExecuteAsync(context, Kebab.Name(command), now =>
        {
            if (!Exists) return Outcome.Refuse(DomainError.NotFound($"Domain '{Id}'"));
            var decision = DomainLifecycle.Decide(State.Status, command);
            return decision.Kind switch
            {
                DecisionKind.Allowed => Outcome.Transition(() =>
                {
                    apply(now);
                    State.Status = decision.To;
                }),
                DecisionKind.Ignored => Outcome.Ignore(),
                _ => Outcome.Refuse(DomainError.InvalidTransition(StateName, Kebab.Name(command))),
            };
        });

    protected override DomainView ToView() => new(
        Id, State.Status, State.Version, State.CreatedAt, State.UpdatedAt, State.Definition!,
        State.BuiltAt, State.InspectionRef, State.AcceptedAt, State.Suspension);
}
