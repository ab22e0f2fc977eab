using System.Globalization;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Authorizations;
using Domains.GrainInterfaces.Datasets;
using Domains.GrainInterfaces.Domains;
using Domains.GrainInterfaces.Lists;
using Domains.GrainInterfaces.Notices;
using Domains.GrainInterfaces.Products;
using Domains.GrainInterfaces.Units;
using Domains.GrainInterfaces.Workspaces;
using Domains.Grains.Clock;
using Domains.Grains.Deadlines;
using Domains.Grains.Domains;
using Domains.Grains.Entity;
using Domains.Grains.Journal;
using Domains.Grains.Lifecycle;
using Domains.Grains.Notifications;
using Domains.Grains.Storage;
using Microsoft.Extensions.Options;
using static Domains.GrainInterfaces.Authorizations.AuthorizationCommand;

namespace Domains.Grains.Authorizations;

/// <summary>
/// An authorization from application to its end (DOMAIN.md §3, R1–R10, R13). It asks the notice, the
/// unit and the domain what it must know before deciding; what must follow a transition — the
/// workspace's access, the unit's list, the renewed authorization — goes through the outbox.
/// </summary>
public sealed class AuthorizationGrain(
    [PersistentState(StorageNames.AuthorizationState, StorageNames.Main)] IPersistentState<AuthorizationState> state,
    BusinessClock clock,
    IEntityJournal journal,
    IOptions<AuthorizationOptions> options)
    : LifecycleGrain<AuthorizationState, AuthorizationView, AuthorizationStatus, AuthorizationCommand>(state, clock, journal),
      IAuthorizationGrain
{
    private const string SyncWorkspace = "sync-workspace";
    private const string TrackUnit = "track-unit";
    private const string SupersedePrior = "supersede-prior";
    private const string FollowProducts = "follow-products";

    /// <summary>
    /// Corrections a unit may submit for one suspension (a first one and a few amendments); the supervisor
    /// decides on them, so more would only grow the state. The total bounds an authorization suspended often.
    /// </summary>
    public const int MaxCorrectionsPerSuspension = 5;

    public const int MaxCorrections = 20;

    private AuthorizationOptions Options => options.Value;

    protected override string EntityTypeName => EntityTypes.Authorization;

    protected override LifecycleTable<AuthorizationStatus, AuthorizationCommand> Table => AuthorizationLifecycle.Table;

    protected override string? OwnerUnit => State.Application?.UnitId;

    private Application App => State.Application!;

    private string UnitRecipient => Recipients.Unit(App.UnitId);

    public Task<AuthorizationView?> GetAsync(Actor viewer) => Task.FromResult(ViewFor(viewer));

    public Task<CommandResult<AuthorizationView>> ApplyAsync(Application application, CommandContext context) =>
        ExecuteAsync(context, "apply", async now =>
        {
            if (Exists) return Outcome.Refuse(DomainError.InvalidTransition(StateName, "apply"));
            if (context.Actor.Role == Role.Unit && context.Actor.UnitId != application.UnitId)
            {
                return Outcome.Refuse(new DomainError(ErrorCodes.Forbidden, "A unit applies only for its own USCC."));
            }
            if (ApplicationRules.Check(application, now) is { } invalid) return Outcome.Refuse(invalid);

            var notice = await GrainFactory.GetGrain<INoticeGrain>(application.NoticeId).GetAsync();
            if (notice is null || !notice.IsOpenAt(now))
            {
                return Outcome.Refuse(new DomainError(ErrorCodes.NoticeNotOpen,
                    notice is null ? $"Notice '{application.NoticeId}' does not exist." : $"Notice '{application.NoticeId}' is not open for applications now."));
            }

            if (await UncataloguedAsync(notice.Definition.DomainId, application) is { } unknown) return Outcome.Refuse(unknown);

            var unit = GrainFactory.GetGrain<IOperatingUnitGrain>(application.UnitId);
            if (await UnqualifiedAsync(application.UnitId) is { } unqualified) return Outcome.Refuse(unqualified);

            if (application.Renews is { } renews && await CheckRenewsAsync(renews, application.UnitId) is { } badRenewal)
            {
                return Outcome.Refuse(badRenewal);
            }

            var reservation = await unit.ReserveApplicationAsync(application.NoticeId, Id);
            if (!reservation.Granted)
            {
                return Outcome.Refuse(new DomainError(ErrorCodes.DuplicateApplication,
                    $"Unit '{application.UnitId}' already has application '{reservation.ExistingAuthorizationId}' for notice '{application.NoticeId}'."));
            }
            Reserved(() => unit.ReleaseApplicationAsync(application.NoticeId, Id));

            var unitName = (await unit.GetAsync(Actor.System))?.Details.Name ?? application.UnitId;
            return Outcome.Transition(() =>
            {
                State.Application = application;
                State.UnitName = unitName;
                State.DomainId = notice.Definition.DomainId;
                State.Pilot = notice.Definition.Pilot;
                State.Region = notice.Definition.Region;
                State.Status = AuthorizationStatus.Submitted;
            });
        });

    /// <summary>An application names only datasets catalogued in its notice's domain (DATAPLANE.md §2).</summary>
    private async Task<DomainError?> UncataloguedAsync(string domainId, Application application)
    {
        var ids = application.Datasets.Select(d => d.Id).Distinct(StringComparer.Ordinal).ToList();
        var entries = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<IDatasetGrain>(DatasetKeys.Key(domainId, id)).GetAsync()));
        var unknown = ids.Where((_, i) => entries[i] is null).ToList();
        return unknown.Count == 0
            ? null
            : new DomainError(ErrorCodes.DatasetUnknown,
                $"Domain '{domainId}' has not catalogued {string.Join(", ", unknown.Select(id => $"'{id}'"))}.");
    }

    public Task<CommandResult<AuthorizationView>> VerifyAsync(bool pass, CommandContext context) =>
        RunAsync(pass ? VerifyPass : VerifyFail, context,
            now =>
            {
                State.Verification = new DecisionRecord(context.Actor.Subject, now, context.Reason);
                if (pass)
                {
                    Notify(NotificationKinds.AuthorizationVerified, UnitRecipient, $"Authorization {Id} passed verification{Because(context.Reason)}.", "verified", now);
                }
                else
                {
                    Notify(NotificationKinds.AuthorizationRejected, UnitRecipient, $"Authorization {Id} failed verification{Because(context.Reason)}.", "rejected", now);
                    End(now, context.Reason);
                }
            },
            // R1 holds at every decision, not only at apply: a unit that lost its qualification since
            // (an incident) is not passed on; failing it stays possible.
            async _ => pass ? await UnqualifiedAsync(App.UnitId) : null);

    public Task<CommandResult<AuthorizationView>> ApproveAsync(CommandContext context) =>
        RunAsync(Approve, context,
            now =>
            {
                State.Approval = new DecisionRecord(context.Actor.Subject, now, context.Reason);
                Notify(NotificationKinds.AuthorizationApproved, UnitRecipient, $"Authorization {Id} was approved{Because(context.Reason)}.", "approved", now);
            },
            // Qualification first: a refusal must not hold a place of the quota.
            async _ =>
            {
                if (await UnqualifiedAsync(App.UnitId) is { } unqualified) return unqualified;
                var notice = GrainFactory.GetGrain<INoticeGrain>(App.NoticeId);
                if (await notice.ReserveQuotaAsync(Id) is { } exhausted) return exhausted;
                Reserved(() => notice.ReleaseQuotaAsync(Id));
                return null;
            });

    public Task<CommandResult<AuthorizationView>> RejectAsync(CommandContext context) =>
        RunAsync(Reject, context, now =>
        {
            State.Approval = new DecisionRecord(context.Actor.Subject, now, context.Reason);
            Notify(NotificationKinds.AuthorizationRejected, UnitRecipient, $"Authorization {Id} was rejected{Because(context.Reason)}.", "rejected", now);
            End(now, context.Reason);
        });

    public Task<CommandResult<AuthorizationView>> WithdrawAsync(CommandContext context) =>
        RunAsync(Withdraw, context, now => End(now, context.Reason));

    public Task<CommandResult<AuthorizationView>> AnnounceAsync(CommandContext context) =>
        RunAsync(Announce, context, now => State.AnnouncedAt = now);

    public Task<CommandResult<AuthorizationView>> FileAsync(string filingRef, CommandContext context) =>
        RunAsync(AuthorizationCommand.File, context,
            now =>
            {
                State.FilingRef = filingRef;
                State.FiledAt = now;
            },
            _ => State.Pilot ? null : DomainError.InvalidTransition(StateName, "file (only a pilot city or county authorization is filed)"));

    public Task<CommandResult<AuthorizationView>> ActivateAsync(Term term, CommandContext context) =>
        RunAsync(Activate, context,
            now =>
            {
                State.Term = term;
                State.Reports = AuthorizationDeadlines.Reports(term, Options.ReportEveryMonths);
                State.Deadlines.AddRange(AuthorizationDeadlines.ForTerm(term, State.Reports, Options, now));
                Notify(NotificationKinds.AuthorizationActivated, UnitRecipient,
                    $"Authorization {Id} is active; its term runs from {Format(term.Start)} to {Format(term.End)}.", "activated", now);
                Enqueue(new Effect(SyncWorkspace));
                if (App.Renews is { } prior) Enqueue(new Effect(SupersedePrior, prior));
            },
            async now =>
            {
                if (State.Pilot && State.Status == AuthorizationStatus.Announced)
                {
                    return new DomainError(ErrorCodes.FilingRequired, "A pilot city or county authorization is filed with the province before it becomes active (R7).");
                }
                if (ApplicationRules.CheckTerm(term, now) is { } badTerm) return badTerm;
                var domain = await GrainFactory.GetGrain<IDomainGrain>(State.DomainId).GetAsync();
                if (domain?.State != DomainStatus.Operational)
                {
                    return new DomainError(ErrorCodes.DomainNotOperational,
                        $"Operation domain '{State.DomainId}' is {(domain is null ? "not registered" : Kebab.Name(domain.State))}.");
                }
                if (State.Region is { } region && !DomainCoverage.Serves(domain.Definition.Level, domain.Definition.RegionCode, region))
                {
                    return new DomainError(ErrorCodes.DomainRegionMismatch,
                        $"Operation domain '{State.DomainId}' ({Kebab.Name(domain.Definition.Level)} {domain.Definition.RegionCode}) does not serve region {region.Code} (R8).");
                }
                if (App.Renews is { } renews && await GrainFactory.GetGrain<IAuthorizationGrain>(renews).GetAsync(Actor.System) is { } prior)
                {
                    if (prior.State == AuthorizationStatus.Suspended)
                    {
                        return DomainError.InvalidTransition(StateName, $"activate (the renewed authorization '{renews}' is suspended)");
                    }
                    // The prior is superseded now and its workspace passes to this one, which lets the unit in
                    // under the prior's remaining term until this term starts: a start after the prior's end
                    // would leave a gap without access that the renewal exists to avoid.
                    if (prior.State == AuthorizationStatus.Active && prior.Term is { } priorTerm && term.Start > priorTerm.End)
                    {
                        return DomainError.Validation("termStart",
                            $"must be no later than the end of the renewed authorization's term ({Format(priorTerm.End)}), so that access stays continuous");
                    }
                }
                return await UnqualifiedAsync(App.UnitId);
            });

    public Task<CommandResult<AuthorizationView>> SuspendAsync(Due due, CommandContext context) =>
        RunAsync(Suspend, context,
            now =>
            {
                var correctionDue = due.Resolve(now, Options.DefaultCorrectionPeriod);
                State.Suspension = new SuspensionView(context.Reason ?? "", now, correctionDue, null, false);
                State.Deadlines.Add(new Deadline(AuthorizationDeadlines.CorrectionDue, correctionDue));
                Notify(NotificationKinds.CorrectionOrdered, UnitRecipient,
                    $"Access to authorization {Id} is suspended; correction due {Format(correctionDue)}: {context.Reason}",
                    // Told apart by version: two suspensions at one instant (a manual clock) are two notices.
                    $"suspended-at:{Format(now)}:v{NextVersion}", now);
                Enqueue(new Effect(SyncWorkspace));
                // Access is cut before the answer (the workspace's save and the driver); products follow after it.
                Enqueue(new Effect(FollowProducts, AfterAnswer: true));
            },
            now => due.Resolve(now, Options.DefaultCorrectionPeriod) > now ? null : DomainError.Validation("correctionDue", "must lie in the future"));

    public Task<CommandResult<AuthorizationView>> SubmitCorrectionAsync(string summary, CommandContext context) =>
        RunAsync(SubmitCorrection, context,
            now =>
            {
                State.Corrections.Add(new CorrectionView(summary, now));
                State.Suspension = State.Suspension! with { CorrectionSubmittedAt = now };
                State.Deadlines.RemoveAll(d => d.Kind == AuthorizationDeadlines.CorrectionDue);
                Notify(NotificationKinds.CorrectionSubmitted, Recipients.Supervisors,
                    $"{State.UnitName} ({App.UnitId}) submitted a correction for suspended authorization {Id}: {summary}", $"correction:v{NextVersion}", now);
            },
            _ => State.Suspension is { } suspension
                 && State.Corrections.Count(c => c.SubmittedAt >= suspension.SuspendedAt) >= MaxCorrectionsPerSuspension
                ? DomainError.LimitReached("Corrections for one suspension", MaxCorrectionsPerSuspension)
                : State.Corrections.Count >= MaxCorrections
                    ? DomainError.LimitReached("Corrections of one authorization", MaxCorrections)
                    : null);

    public Task<CommandResult<AuthorizationView>> ReinstateAsync(CommandContext context) =>
        RunAsync(Reinstate, context, now =>
        {
            Notify(NotificationKinds.AuthorizationReinstated, UnitRecipient,
                $"Access to authorization {Id} is reinstated{Because(context.Reason)}.", $"reinstated:v{NextVersion}", now);
            State.Suspension = null;
            State.Deadlines.RemoveAll(d => d.Kind == AuthorizationDeadlines.CorrectionDue);
            Enqueue(new Effect(SyncWorkspace));
            Enqueue(new Effect(FollowProducts));
        });

    public Task<CommandResult<AuthorizationView>> TerminateAsync(CommandContext context) =>
        RunAsync(Terminate, context, now =>
        {
            Notify(NotificationKinds.AuthorizationTerminated, UnitRecipient,
                $"Authorization {Id} was terminated{Because(context.Reason)}; access is closed.", "terminated", now);
            End(now, context.Reason);
        });

    public Task<CommandResult<AuthorizationView>> RevokeAsync(CommandContext context) =>
        RunAsync(Revoke, context, now =>
        {
            Notify(NotificationKinds.AuthorizationRevoked, UnitRecipient,
                $"Authorization {Id} was revoked{Because(context.Reason)}; access is closed.", "revoked", now);
            End(now, context.Reason);
        });

    public Task<CommandResult<AuthorizationView>> SubmitReportAsync(int period, string summary, CommandContext context) =>
        RunAsync(SubmitReport, context,
            now =>
            {
                var index = State.Reports.FindIndex(r => r.Period == period);
                State.Reports[index] = State.Reports[index] with { SubmittedAt = now, Late = now > State.Reports[index].DueAt, Summary = summary };
                State.Deadlines.RemoveAll(d => d.Kind == AuthorizationDeadlines.ReportDue
                    && (d.Tag == AuthorizationDeadlines.ReportReminderTag(period) || d.Tag == AuthorizationDeadlines.ReportOverdueTag(period)));
            },
            _ => State.Reports.Find(r => r.Period == period) switch
            {
                null => DomainError.Validation("period", $"must be one of the term's report periods 1..{State.Reports.Count}"),
                { SubmittedAt: not null } => DomainError.Validation("period", $"period {period} is already reported"),
                _ => null,
            });

    public async Task SupersedeAsync(string renewalId)
    {
        var context = CommandContext.For(Actor.System, $"renewed by {renewalId}");
        await RunAsync(Supersede, context, now =>
        {
            State.RenewedBy = renewalId;
            End(now, $"renewed by {renewalId}");
        });
    }

    protected override string? OnDeadline(Deadline deadline, DateTimeOffset now)
    {
        switch (deadline.Kind)
        {
            case AuthorizationDeadlines.Expiry when Decide(Expire) is { } to:
                State.Status = to;
                End(now, "term ended");
                Notify(NotificationKinds.AuthorizationExpired, UnitRecipient,
                    $"Authorization {Id} expired at the end of its term ({Format(deadline.DueAt)}).", "expired", now);
                return "expire";

            case AuthorizationDeadlines.RenewalNotice when IsLive:
                Notify(NotificationKinds.RenewalDue, UnitRecipient,
                    $"Authorization {Id} ends {Format(State.Term!.End)} ({deadline.Tag} days): re-apply to continue.", $"renewal:{deadline.Tag}", now);
                return null;

            case AuthorizationDeadlines.ReportDue when IsLive && ReportOf(deadline) is { SubmittedAt: null } report:
                var overdue = deadline.Tag == AuthorizationDeadlines.ReportOverdueTag(report.Period);
                var subject = overdue
                    ? $"Report {report.Period} of authorization {Id} was due {Format(report.DueAt)} and is missing."
                    : $"Report {report.Period} of authorization {Id} is due {Format(report.DueAt)}.";
                Notify(overdue ? NotificationKinds.ReportOverdue : NotificationKinds.ReportDue, UnitRecipient, subject, deadline.Tag!, now);
                if (overdue) Notify(NotificationKinds.ReportOverdue, Recipients.Supervisors, subject, deadline.Tag!, now);
                return null;

            case AuthorizationDeadlines.CorrectionDue
                when State.Suspension is { CorrectionSubmittedAt: null, Overdue: false } suspension && Decide(MarkCorrectionOverdue) is not null:
                State.Suspension = suspension with { Overdue = true };
                var late = $"The correction ordered for authorization {Id} was due {Format(suspension.CorrectionDue)} and has not been submitted.";
                Notify(NotificationKinds.CorrectionOverdue, Recipients.Supervisors, late, $"overdue:{Format(suspension.CorrectionDue)}", now);
                Notify(NotificationKinds.CorrectionOverdue, UnitRecipient, late, $"overdue:{Format(suspension.CorrectionDue)}", now);
                return "correction-overdue";

            default:
                return null;
        }
    }

    protected override async Task<bool> RunEffectAsync(Effect effect)
    {
        switch (effect.Kind)
        {
            case SyncWorkspace:
                await GrainFactory.GetGrain<IWorkspaceGrain>(Id).SyncAsync(new AuthorizationAccess(
                    Id, State.Version, State.Status, App.UnitId, State.DomainId, App.Datasets.Select(d => d.Id).ToList(), State.Term, App.Renews, State.RenewedBy));
                break;
            case TrackUnit:
                await GrainFactory.GetGrain<IOperatingUnitGrain>(App.UnitId).TrackAuthorizationAsync(Id, App.NoticeId, live: false);
                break;
            case SupersedePrior:
                await GrainFactory.GetGrain<IAuthorizationGrain>(effect.Target!).SupersedeAsync(Id);
                break;
            case FollowProducts:
                await FollowProductsAsync();
                break;
        }
        return true;
    }

    protected override ResourceRow? ToResourceRow() => Exists
        ? new ResourceRow(EntityTypeName, Id, State.Version, StateName, App.UnitId, App.NoticeId, State.AnnouncedAt, ToJson(ToView()),
            State.AnnouncedAt is { } announcedAt
                ? ToJson(new AnnouncementEntry(Id, App.UnitId, State.UnitName, App.NoticeId, App.Scenario.Title, announcedAt, State.Status, State.EndedAt))
                : null)
        : null;

    protected override AuthorizationView ToView() => new(
        Id, State.Status, State.Version, State.CreatedAt, State.UpdatedAt, App.UnitId, State.UnitName, App.NoticeId,
        State.DomainId, State.Pilot, App.Scenario, App.Datasets, App.RequestedTermMonths, App.Materials, State.Term,
        App.Renews, State.RenewedBy, State.Suspension, State.Reports.ToList(), State.Corrections.ToList(),
        State.Verification, State.Approval, State.AnnouncedAt, State.FilingRef, State.FiledAt, State.EndedAt, State.EndReason);

    private bool IsLive => State.Status is AuthorizationStatus.Active or AuthorizationStatus.Suspended;

    private AuthorizationStatus? Decide(AuthorizationCommand command) =>
        AuthorizationLifecycle.Decide(State.Status, command) is { Kind: DecisionKind.Allowed } decision ? decision.To : null;

    private ReportView? ReportOf(Deadline deadline) =>
        State.Reports.Find(r => deadline.Tag == AuthorizationDeadlines.ReportReminderTag(r.Period)
                                || deadline.Tag == AuthorizationDeadlines.ReportOverdueTag(r.Period));

    /// <summary>Every end: no deadline left but the outbox's, the unit told, access closed if it was ever opened.</summary>
    private void End(DateTimeOffset now, string? reason)
    {
        State.EndedAt = now;
        State.EndReason = reason;
        State.Deadlines.RemoveAll(d => d.Kind != OutboxRetryKind);
        Enqueue(new Effect(TrackUnit));
        if (State.Term is not null)
        {
            Enqueue(new Effect(SyncWorkspace));
            Enqueue(new Effect(FollowProducts));
        }
    }

    /// <summary>Its products pause, resume or are delisted with it (R15); they are found through the list table.</summary>
    private async Task FollowProductsAsync()
    {
        var lists = GrainFactory.GetGrain<IResourceListGrain>(0);
        string? cursor = null;
        do
        {
            var page = await lists.ListAsync(new ResourceQuery(EntityTypes.Product, ParentId: Id, AfterId: cursor, Limit: 500));
            await Task.WhenAll(page.Items.Select(json => GrainFactory.GetGrain<IProductGrain>(ViewJson.Deserialize<ProductView>(json).Id)
                .FollowAuthorizationAsync(State.Status)));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>R1 at a decision: <c>unit-not-qualified</c> with the unmet conditions, or <c>null</c>.</summary>
    private async Task<DomainError?> UnqualifiedAsync(string unitId)
    {
        var qualification = await GrainFactory.GetGrain<IOperatingUnitGrain>(unitId).GetQualificationAsync();
        return qualification is { Qualified: true }
            ? null
            : new DomainError(ErrorCodes.UnitNotQualified,
                qualification is null ? $"Unit '{unitId}' is not registered." : $"Unit '{unitId}' does not meet every security condition (R1).",
                Unmet: qualification?.Unmet ?? []);
    }

    /// <summary>The version the transition being applied gets: a repeatable decision's notice is told apart by it.</summary>
    private long NextVersion => State.Version + 1;

    private static string Because(string? reason) => string.IsNullOrWhiteSpace(reason) ? "" : $": {reason}";

    private async Task<DomainError?> CheckRenewsAsync(string renews, string unitId)
    {
        var prior = await GrainFactory.GetGrain<IAuthorizationGrain>(renews).GetAsync(Actor.System);
        return prior is { State: AuthorizationStatus.Active } && prior.UnitId == unitId
            ? null
            : DomainError.Validation("renews", "must name an active authorization of the same unit");
    }

    private static string Format(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
