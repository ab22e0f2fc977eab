using System.Text.Json;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Authorizations;
using Domains.GrainInterfaces.Units;
using Domains.Grains.Clock;
using Domains.Grains.Deadlines;
using Domains.Grains.Entity;
using Domains.Grains.Journal;
using Domains.Grains.Lifecycle;
using Domains.Grains.Notifications;
using Domains.Grains.Storage;

namespace Domains.Grains.Units;

public sealed class OperatingUnitGrain(
    [PersistentState(StorageNames.UnitState, StorageNames.Main)] IPersistentState<UnitState> state,
    BusinessClock clock,
    IEntityJournal journal)
    : EntityGrain<UnitState, UnitView>(state, clock, journal), IOperatingUnitGrain
{
    public const string IncidentAgeingKind = "incident-ageing";

    private const string SuspendAuthorization = "suspend-authorization";

    /// <summary>
    /// Bounds of the unit's lists: every answer and list row carries the whole unit, so they must stay small.
    /// Qualification looks back only a year (R1), and inspections are a few a year; a unit past either bound
    /// is a case for the authority, not for more rows.
    /// </summary>
    public const int MaxIncidents = 100;

    public const int MaxInspections = 100;

    /// <summary>Other grains keep the unit's bookkeeping; they carry no request, so the controller acts.</summary>
    private static readonly CommandContext Internal = CommandContext.For(Actor.System);

    protected override string EntityTypeName => EntityTypes.Unit;

    protected override string StateName => Kebab.Name(State.Status);

    protected override string? OwnerUnit => Id;

    private IEnumerable<Incident> AllIncidents => (State.SecurityProfile?.Incidents ?? []).Concat(State.Incidents);

    public Task<CommandResult<UnitView>> RegisterAsync(UnitDetails details, CommandContext context)
    {
        var command = Exists ? UnitCommand.Update : UnitCommand.Register;
        return ExecuteAsync(context, Kebab.Name(command), now =>
            Change(command, now, details, State.SecurityProfile, State.Incidents, () => State.Details = details));
    }

    public Task<CommandResult<UnitView>> SetSecurityProfileAsync(SecurityProfile profile, CommandContext context) =>
        ExecuteAsync(context, Kebab.Name(UnitCommand.SetSecurityProfile), now =>
        {
            if (!Exists) return Outcome.Refuse(NotFound());
            var incidents = profile.Incidents.Select(Normalize).ToList();
            if (incidents.FindIndex(i => i.OccurredAt > now) is var future and >= 0)
            {
                return Outcome.Refuse(InTheFuture($"incidents[{future}].occurredAt", now));
            }
            var normalized = profile with { Incidents = incidents };
            return Change(UnitCommand.SetSecurityProfile, now, State.Details!, normalized, State.Incidents, () => State.SecurityProfile = normalized);
        });

    public Task<CommandResult<UnitView>> ReportIncidentAsync(Incident incident, CommandContext context) =>
        ExecuteAsync(context, Kebab.Name(UnitCommand.ReportIncident), now =>
        {
            if (!Exists) return Outcome.Refuse(NotFound());
            var reported = Normalize(incident);
            if (reported.OccurredAt > now) return Outcome.Refuse(InTheFuture("occurredAt", now));
            if (State.Incidents.Count >= MaxIncidents) return Outcome.Refuse(DomainError.LimitReached("Incidents of one unit", MaxIncidents));
            return Change(UnitCommand.ReportIncident, now, State.Details!, State.SecurityProfile, [.. State.Incidents, reported], () =>
            {
                State.Incidents.Add(reported);
                NotifySupervisors(reported, State.Incidents.Count, now);
            });
        });

    public Task<CommandResult<UnitView>> RecordInspectionAsync(string inspectionId, string scope, string findings, bool breach,
        string? authorizationId, InspectionSuspension? suspend, CommandContext context) =>
        ExecuteAsync(context, "record-inspection", async now =>
        {
            if (!Exists) return Outcome.Refuse(NotFound());
            if (State.Inspections.Count >= MaxInspections) return Outcome.Refuse(DomainError.LimitReached("Inspections of one unit", MaxInspections));
            if (suspend is not null && await CheckSuspensionAsync(authorizationId, suspend, now) is { } refused) return Outcome.Refuse(refused);
            // An inspection changes no security condition, so the status stays; it is still a decision on record.
            return Outcome.Transition(() =>
            {
                State.Inspections.Add(new Inspection(inspectionId, scope, findings, breach, authorizationId, now, context.Actor.Subject));
                if (suspend is not null)
                {
                    // Saved with the inspection: a crash before the authorization heard of it leaves the order in
                    // the outbox, which the next activation, command or retry deadline delivers.
                    var order = new SuspensionOrder(inspectionId, context.Actor, suspend.CorrectionDue, suspend.Reason ?? findings);
                    Enqueue(new Effect(SuspendAuthorization, authorizationId, JsonSerializer.Serialize(order, JsonGrainStorageSerializer.Options)));
                }
            });
        });

    /// <summary>Refuses an order the authorization would refuse, before anything is saved: no inspection without its suspension.</summary>
    private async Task<DomainError?> CheckSuspensionAsync(string? authorizationId, InspectionSuspension suspend, DateTimeOffset now)
    {
        var authorization = authorizationId is null ? null : await GrainFactory.GetGrain<IAuthorizationGrain>(authorizationId).GetAsync(Actor.System);
        if (authorization is null || authorization.UnitId != Id) return DomainError.Validation("authorizationId", "is not an authorization of this unit");
        if (authorization.State != AuthorizationStatus.Active) return DomainError.InvalidTransition(Kebab.Name(authorization.State), "suspend");
        if (suspend.CorrectionDue.At is { } at && at <= now) return DomainError.Validation("suspend.correctionDue", "must lie in the future");
        return null;
    }

    /// <summary>
    /// Delivers an inspection's suspension order. The idempotency key is the inspection's, so a repeat after
    /// a crash gets the first answer instead of a second suspension; a refusal (the authorization ended
    /// meanwhile) is an answer too, and retrying it would never succeed.
    /// </summary>
    protected override async Task<bool> RunEffectAsync(Effect effect)
    {
        if (effect.Kind != SuspendAuthorization) return true;
        var order = JsonSerializer.Deserialize<SuspensionOrder>(effect.Argument!, JsonGrainStorageSerializer.Options)!;
        var context = new CommandContext(order.Inspector, $"inspection {order.InspectionId}: {order.Reason}",
            IdempotencyKey: $"inspection:{order.InspectionId}", RequestHash: order.InspectionId);
        await GrainFactory.GetGrain<IAuthorizationGrain>(effect.Target!).SuspendAsync(order.CorrectionDue, context);
        return true;
    }

    public Task<UnitView?> GetAsync(Actor viewer) => Task.FromResult(ViewFor(viewer));

    public Task<Qualification?> GetQualificationAsync() =>
        Task.FromResult(Exists ? Qualification.Evaluate(State.Details!, State.SecurityProfile, State.Incidents, Clock.Now()) : null);

    public async Task<ApplicationReservation> ReserveApplicationAsync(string noticeId, string authorizationId)
    {
        var answer = new ApplicationReservation(true, null);
        await ExecuteAsync(Internal, "reserve-application", _ =>
        {
            if (!Exists)
            {
                answer = new ApplicationReservation(false, null);
                return Outcome.Refuse(NotFound());
            }
            if (State.Authorizations.Exists(a => a.AuthorizationId == authorizationId)) return Outcome.Ignore();
            if (State.Authorizations.Find(a => a.Live && a.NoticeId == noticeId) is { } live)
            {
                answer = new ApplicationReservation(false, live.AuthorizationId);
                return Outcome.Ignore();
            }
            return Outcome.Bookkeeping(() => State.Authorizations.Add(
                new TrackedAuthorization { AuthorizationId = authorizationId, NoticeId = noticeId, Live = true }));
        });
        return answer;
    }

    public Task ReleaseApplicationAsync(string noticeId, string authorizationId) =>
        ExecuteAsync(Internal, "release-application", _ =>
            Exists && State.Authorizations.Find(a => a.AuthorizationId == authorizationId && a.NoticeId == noticeId) is { } reserved
                ? Outcome.Bookkeeping(() => State.Authorizations.Remove(reserved))
                : Outcome.Ignore());

    public Task TrackAuthorizationAsync(string authorizationId, string noticeId, bool live) =>
        ExecuteAsync(Internal, "track-authorization", _ =>
        {
            if (!Exists) return Outcome.Refuse(NotFound());
            var tracked = State.Authorizations.Find(a => a.AuthorizationId == authorizationId);
            if (tracked is not null && tracked.NoticeId == noticeId && tracked.Live == live) return Outcome.Ignore();
            return Outcome.Bookkeeping(() =>
            {
                if (tracked is null)
                {
                    tracked = new TrackedAuthorization { AuthorizationId = authorizationId };
                    State.Authorizations.Add(tracked);
                }
                tracked.NoticeId = noticeId;
                tracked.Live = live;
            });
        });

    protected override string? OnDeadline(Deadline deadline, DateTimeOffset now)
    {
        if (deadline.Kind != IncidentAgeingKind || !Exists) return null;
        var qualification = Qualification.Evaluate(State.Details!, State.SecurityProfile, State.Incidents, now);
        var decision = UnitLifecycle.Decide(State.Status, UnitLifecycle.VerdictOf(State.SecurityProfile, qualification));
        if (decision.Kind == DecisionKind.Rejected) return null;
        if (decision.To == State.Status && State.Qualification?.Unmet.SequenceEqual(qualification.Unmet) == true) return null;

        State.Status = decision.To;
        State.Qualification = qualification;
        return Kebab.Name(UnitCommand.AgeIncident);
    }

    protected override UnitView ToView() => new(
        Id, State.Status, State.Version, State.CreatedAt, State.UpdatedAt, State.Details!, State.SecurityProfile,
        State.Incidents.ToList(), State.Qualification!, State.Inspections.ToList());

    protected override ResourceRow? ToResourceRow() => Exists
        ? new ResourceRow(EntityTypes.Unit, Id, State.Version, StateName, Id, null, null, ToJson(ToView()))
        : null;

    /// <summary>
    /// Decides a change of facts: evaluates R1 on the facts as they will be and finds the verdict's row
    /// before anything is mutated; <paramref name="apply"/> then sets the facts with the new status,
    /// qualification and ageing deadlines.
    /// </summary>
    private Outcome Change(UnitCommand command, DateTimeOffset now, UnitDetails details, SecurityProfile? profile, IReadOnlyList<Incident> reported, Action apply)
    {
        var qualification = Qualification.Evaluate(details, profile, reported, now);
        var from = Exists ? State.Status : UnitStatus.Registered;
        var decision = UnitLifecycle.Decide(from, UnitLifecycle.VerdictOf(profile, qualification));
        if (decision.Kind == DecisionKind.Rejected) return Outcome.Refuse(DomainError.InvalidTransition(Kebab.Name(from), Kebab.Name(command)));

        return Outcome.Transition(() =>
        {
            apply();
            State.Status = decision.To;
            State.Qualification = qualification;
            ScheduleAgeing(now);
        });
    }

    /// <summary>One <c>incident-ageing</c> deadline per instant at which a still recent incident stops counting.</summary>
    private void ScheduleAgeing(DateTimeOffset now)
    {
        State.Deadlines.RemoveAll(d => d.Kind == IncidentAgeingKind);
        State.Deadlines.AddRange(AllIncidents
            .Select(Qualification.AgesOutAt)
            .Where(at => at > now)
            .Distinct()
            .Select(at => new Deadline(IncidentAgeingKind, at)));
    }

    /// <summary>R17: one inbox notice to the supervisors for each live authorization, one per incident and authorization.</summary>
    private void NotifySupervisors(Incident incident, int number, DateTimeOffset now)
    {
        foreach (var authorization in State.Authorizations.Where(a => a.Live))
        {
            Notify(
                NotificationKinds.UnitIncident,
                Recipients.Supervisors,
                $"Incident reported against operating unit {Id}, holder of authorization {authorization.AuthorizationId}: {incident.Summary}",
                about: $"incident {number} authorization {authorization.AuthorizationId}",
                now);
        }
    }

    /// <summary>Instants are kept to the microsecond, as PostgreSQL keeps them, so deadline keys survive a round trip.</summary>
    private static Incident Normalize(Incident incident) => incident with { OccurredAt = ClockExtensions.Truncate(incident.OccurredAt) };

    private static DomainError InTheFuture(string field, DateTimeOffset now) =>
        DomainError.Validation(field, $"is after the controller's clock ({now:O}); an incident is reported once it occurred.");
}
