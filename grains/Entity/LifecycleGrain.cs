using Domains.GrainInterfaces;
using Domains.Grains.Clock;
using Domains.Grains.Journal;
using Domains.Grains.Lifecycle;

namespace Domains.Grains.Entity;

/// <summary>An entity whose state is one status of an explicit lifecycle table.</summary>
public abstract class LifecycleState<TView, TStatus> : EntityState<TView> where TStatus : struct, Enum
{
    public TStatus Status { get; set; }
}

/// <summary>
/// An <see cref="EntityGrain{TState,TView}"/> whose commands are decided by a lifecycle table: a row
/// applies the command and moves to the row's state, an ignored pair succeeds without a change, and
/// anything else is <c>invalid-transition</c> naming the current state.
/// </summary>
public abstract class LifecycleGrain<TState, TView, TStatus, TCommand>(
    IPersistentState<TState> store, BusinessClock clock, IEntityJournal journal)
    : EntityGrain<TState, TView>(store, clock, journal)
    where TState : LifecycleState<TView, TStatus>, new()
    where TView : class
    where TStatus : struct, Enum
    where TCommand : struct, Enum
{
    protected abstract LifecycleTable<TStatus, TCommand> Table { get; }

    protected override string StateName => Kebab.Name(State.Status);

    /// <summary>
    /// Runs <paramref name="command"/> on an existing entity. <paramref name="guard"/> may refuse an
    /// allowed row for a reason of its own (quota, filing, term); <paramref name="apply"/> mutates.
    /// </summary>
    protected Task<CommandResult<TView>> RunAsync(
        TCommand command, CommandContext context, Action<DateTimeOffset> apply,
        Func<DateTimeOffset, Task<DomainError?>>? guard = null) =>
        ExecuteAsync(context, Kebab.Name(command), async now =>
        {
            if (!Exists) return Outcome.Refuse(NotFound());
            var decision = Table.Decide(State.Status, command);
            if (decision.Kind == DecisionKind.Ignored) return Outcome.Ignore();
            if (decision.Kind == DecisionKind.Rejected)
            {
                return Outcome.Refuse(DomainError.InvalidTransition(StateName, Kebab.Name(command)));
            }
            if (guard is not null && await guard(now) is { } refusal) return Outcome.Refuse(refusal);
            return Outcome.Transition(() =>
            {
                apply(now);
                State.Status = decision.To;
            });
        });

    /// <summary>
    /// Moves the entity by <paramref name="command"/>'s row of the table, for a transition decided outside
    /// <see cref="RunAsync(TCommand, CommandContext, Action{DateTimeOffset}, Func{DateTimeOffset, Task{DomainError}})"/>
    /// (a deadline, a driver's confirmation): the table stays the one place that says where a state may go. The
    /// caller has checked the state first; a pair the table does not allow is a bug and throws.
    /// </summary>
    protected void Move(TCommand command)
    {
        var decision = Table.Decide(State.Status, command);
        if (decision.Kind != DecisionKind.Allowed)
        {
            throw new InvalidOperationException($"{EntityName}: the lifecycle table has no row for {Kebab.Name(command)} from {StateName}.");
        }
        State.Status = decision.To;
    }

    protected Task<CommandResult<TView>> RunAsync(TCommand command, CommandContext context, Action<DateTimeOffset> apply, Func<DateTimeOffset, DomainError?> guard) =>
        RunAsync(command, context, apply, now => Task.FromResult(guard(now)));
}
