using Domains.Grains.Clock;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Deadlines;
using Domains.Grains.Deadlines;
using Domains.Grains.Entity;
using Domains.Grains.Journal;
using Domains.Grains.Storage;

namespace Domains.Tests.Grains;

/// <summary>
/// A test-only entity that does nothing but hold deadlines, so the deadline engine (index, sweep,
/// manual clock, catch-up) is tested on its own, through the same <see cref="EntityGrain{TState,TView}"/>
/// every real entity uses.
/// </summary>
[Alias("domains.tests.IDeadlineProbeGrain")]
public interface IDeadlineProbeGrain : IDeadlineTarget
{
    [Alias("Schedule")]
    Task<CommandResult<ProbeView>> ScheduleAsync(DateTimeOffset[] dueAts, CommandContext context);

    [Alias("Get")]
    Task<ProbeView?> GetAsync();
}

[GenerateSerializer, Immutable, Alias("domains.tests.ProbeView")]
public sealed record ProbeView(
    [property: Id(0)] string Id,
    [property: Id(1)] long Version,
    [property: Id(2)] IReadOnlyList<HandledDeadline> Handled,
    [property: Id(3)] IReadOnlyList<DateTimeOffset> Pending);

[GenerateSerializer, Immutable, Alias("domains.tests.HandledDeadline")]
public sealed record HandledDeadline([property: Id(0)] DateTimeOffset DueAt, [property: Id(1)] DateTimeOffset HandledAt);

public sealed class ProbeState : EntityState<ProbeView>
{
    public List<HandledDeadline> Handled { get; set; } = [];
}

public sealed class DeadlineProbeGrain(
    // The state name is the entity type, as every entity's is: the audit verifier finds the chain's head by it.
    [PersistentState(DeadlineProbeGrain.EntityType, StorageNames.Main)] IPersistentState<ProbeState> state,
    BusinessClock clock,
    IEntityJournal journal)
    : EntityGrain<ProbeState, ProbeView>(state, clock, journal), IDeadlineProbeGrain
{
    public const string EntityType = "probe";
    public const string Kind = "probe-due";

    protected override string EntityTypeName => EntityType;

    protected override string StateName => State.Deadlines.Count > 0 ? "armed" : "idle";

    public Task<ProbeView?> GetAsync() => Task.FromResult(ViewIfExists());

    public Task<CommandResult<ProbeView>> ScheduleAsync(DateTimeOffset[] dueAts, CommandContext context) =>
        ExecuteAsync(context, "schedule", _ => Outcome.Transition(() =>
            State.Deadlines.AddRange(dueAts.Select(d => new Deadline(Kind, d)))));

    protected override string? OnDeadline(Deadline deadline, DateTimeOffset now)
    {
        State.Handled.Add(new HandledDeadline(deadline.DueAt, now));
        return "fire";
    }

    protected override ProbeView ToView() =>
        new(Id, State.Version, State.Handled.ToList(), State.Deadlines.Select(d => d.DueAt).Order().ToList());
}
