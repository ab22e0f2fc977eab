using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Authorizations;
using Domains.GrainInterfaces.Domains;
using Domains.GrainInterfaces.Workspaces;
using Domains.Grains.Access;
using Domains.Grains.Authorizations;
using Domains.Grains.Clock;
using Domains.Grains.Deadlines;
using Domains.Grains.Drivers;
using Domains.Grains.Domains;
using Domains.Grains.Entity;
using Domains.Grains.Journal;
using Domains.Grains.Lifecycle;
using Domains.Grains.Notifications;
using Domains.Grains.Storage;
using Domains.Grains.Telemetry;
using Domains.Grains.Usage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static Domains.GrainInterfaces.Workspaces.WorkspaceCommand;

namespace Domains.Grains.Workspaces;

/// <summary>
/// A workspace (DOMAIN.md §3, R11, R12): driven by its authorization's snapshots, its driver and the
/// automation callbacks. Access is decided here, from memory. The grain's state says what access must
/// be; the driver is told through the outbox and the grain records what the driver acknowledged
/// (<see cref="Enforcement"/>), so a driver that is down delays enforcement, never a decision.
/// </summary>
public sealed class WorkspaceGrain(
    [PersistentState(StorageNames.WorkspaceState, StorageNames.Main)] IPersistentState<WorkspaceState> state,
    BusinessClock clock,
    IEntityJournal journal,
    IWorkspaceDriver driver,
    AccessLogWriter accessLog,
    UsageLogStore usageLog,
    DomainStatusReplica domainStatus,
    ILocalSiloDetails localSilo,
    IOptions<WorkspaceOptions> options,
    ILogger<WorkspaceGrain> logger)
    : LifecycleGrain<WorkspaceState, WorkspaceView, WorkspaceStatus, WorkspaceCommand>(state, clock, journal), IWorkspaceGrain
{
    public const string ProvisioningTimeoutKind = "provisioning-timeout";
    public const string DeletionOverdueKind = "deletion-overdue";
    public const string LogPurgeKind = "log-purge";

    private const string Provision = "provision";
    private const string Enforce = "enforce";

    /// <summary>Applies the login's target even where the workspace believes it applied already (its domain's statement may have changed it).</summary>
    private const string EnforceAgain = "enforce-again";
    private const string BeginDeletion = "start-deletion";
    private const string DeleteData = "delete-data";
    private const string PurgeLogsEffect = "purge-logs";
    private const string PurgeUsageLogEffect = "purge-usage-log";
    private const string UpdateDatasets = "update-datasets";

    private static readonly AccessDecision Allow = new(true, AccessReason.Allowed);

    protected override string EntityTypeName => EntityTypes.Workspace;

    protected override LifecycleTable<WorkspaceStatus, WorkspaceCommand> Table => WorkspaceLifecycle.Table;

    protected override string? OwnerUnit => State.Access?.UnitId;

    /// <summary>What the workspace's own state allows (<see cref="WorkspaceView.AccessOpen"/>), whatever its domain's.</summary>
    private bool DesiredOpen => State.Status == WorkspaceStatus.Active && State.Access?.Status == AuthorizationStatus.Active;

    /// <summary>
    /// What the data server must enforce: the login is open only while the workspace's own state allows access and
    /// its domain is operational. A suspended domain keeps every login closed; its resumption reopens this one
    /// (<see cref="DomainStatusChangedAsync"/>). Unknown to this silo's replica, the domain counts as operational.
    /// </summary>
    private bool PhysicalOpen(bool domainOperational) => DesiredOpen && domainOperational;

    private bool KnownDomainOperational =>
        State.Access is not { } access || !domainStatus.TryGet(access.DomainId, out var stamp) || stamp.Operational;

    public async Task<WorkspaceView?> GetAsync(Actor viewer)
    {
        // The view's enforcement compares with the domain's status: this silo's replica holds it from now on.
        if (State.Access is { } access) await IsDomainOperationalAsync(access.DomainId);
        return ViewFor(viewer);
    }

    public async Task RefreshDatasetAsync(string datasetId)
    {
        if (!Exists || State.Access is not { } access || State.Status is not (WorkspaceStatus.Active or WorkspaceStatus.Suspended)
            || !access.Datasets.Contains(datasetId, StringComparer.Ordinal))
        {
            return;
        }
        await ExecuteAsync(CommandContext.For(Actor.System, $"catalogue entry {datasetId} changed"), "refresh-views",
            _ => Outcome.Bookkeeping(() => Enqueue(new Effect(UpdateDatasets))));
    }

    /// <summary>
    /// The domain was suspended (its statement closed every login of the domain) or resumed: this workspace applies
    /// its own target on the data server again (<see cref="EnforceAgain"/>). Applied here, in the workspace's own turn, a race between the domain's statement
    /// and this workspace's own suspension or reinstatement cannot leave the login as neither wants it.
    /// </summary>
    public async Task DomainStatusChangedAsync()
    {
        if (!Exists || State.Access is null
            || State.Status is WorkspaceStatus.Provisioning or WorkspaceStatus.ProvisioningFailed or WorkspaceStatus.HandedOver)
        {
            return;
        }
        await ExecuteAsync(CommandContext.For(Actor.System), "domain-access", _ => Outcome.Bookkeeping(() => Enqueue(new Effect(EnforceAgain))));
    }

    public async Task<AccessDecision> DecideAccessAsync(string unitId, string datasetId)
    {
        var decision = await DecideAsync(unitId, datasetId);
        DomainsMetrics.AccessDecided(decision.Reason);
        accessLog.Record(new AccessLogEntry(Exists ? State.ResourceKey : Id, Id, unitId, datasetId, decision.Allowed,
            Kebab.Name(decision.Reason), Clock.Now()));
        return decision;
    }

    /// <summary>
    /// Follows the authorization's change. A closed target the data server did not confirm (it is down) fails the
    /// call after the change is saved (<see cref="StorageUnavailableException"/>: the authorization's command answers
    /// 503 and its outbox calls again; a deadline's close stays pending and is retried), so no suspension is
    /// acknowledged while its login may still be open. A repeated call with nothing new tries the close again.
    /// </summary>
    public async Task SyncAsync(AuthorizationAccess access)
    {
        var followed = await FollowAsync(access);
        if (!Exists || DesiredOpen || !ClosePending) return;
        // Nothing new to follow (the authorization's retry): the close is tried once more here.
        if (!followed) await ExecuteAsync(CommandContext.For(Actor.System), "sync", _ => Outcome.Ignore());
        if (ClosePending)
        {
            throw new StorageUnavailableException($"The data server did not confirm that workspace {Id}'s login is closed; the change is saved and retried.");
        }
    }

    private bool ClosePending => State.PendingEffects.Exists(e => e.Kind is Enforce or EnforceAgain);

    /// <summary>Applies the authorization's change; false when the workspace knew it already.</summary>
    private async Task<bool> FollowAsync(AuthorizationAccess access)
    {
        if (State.Access is { } known && known.Version >= access.Version) return false;
        var context = CommandContext.For(Actor.System, $"authorization {Kebab.Name(access.Status)} (version {access.Version})");
        if (!Exists)
        {
            if (access.Status == AuthorizationStatus.Active) await OpenAsync(access, context);
            return true;
        }

        var live = State.Status is WorkspaceStatus.Active or WorkspaceStatus.Suspended;
        var handOver = live && access.Status == AuthorizationStatus.Superseded && !await RenewalProvisionedItsOwnAsync(access);
        WorkspaceCommand? command = access.Status switch
        {
            AuthorizationStatus.Active when State.Status == WorkspaceStatus.Suspended => Reinstate,
            AuthorizationStatus.Suspended when State.Status == WorkspaceStatus.Active => Suspend,
            AuthorizationStatus.Superseded when handOver => HandOver,
            _ when AuthorizationLifecycle.Ended.Contains(access.Status)
                   && WorkspaceLifecycle.Decide(State.Status, Close).Kind == DecisionKind.Allowed => Close,
            _ => null,
        };
        if (command is not { } row)
        {
            await ExecuteAsync(context, "sync", _ => Outcome.Bookkeeping(() =>
            {
                State.Access = access;
                Enqueue(new Effect(Enforce));
            }));
            return true;
        }

        await RunAsync(row, context, now =>
        {
            State.Access = access;
            if (row == Close) CloseAt(now);
            else if (row != HandOver) Enqueue(new Effect(Enforce));
        });
        return true;
    }

    public async Task<WorkspaceHandover?> HandOverAsync(string renewalId)
    {
        if (!Exists) return null;
        if (State.Status is WorkspaceStatus.Active or WorkspaceStatus.Suspended)
        {
            await RunAsync(HandOver, CommandContext.For(Actor.System, $"renewed by {renewalId}"), _ => State.HandedOverTo = renewalId);
        }
        else if (State.Status == WorkspaceStatus.HandedOver && State.HandedOverTo is null)
        {
            await ExecuteAsync(CommandContext.For(Actor.System), "handed-over-to", _ => Outcome.Bookkeeping(() => State.HandedOverTo = renewalId));
        }

        return State.Status == WorkspaceStatus.HandedOver && State.HandedOverTo == renewalId
            ? new WorkspaceHandover(State.ResourceKey, State.ResourcesJson, State.ProvisionedAt, State.Access?.Term)
            : null;
    }

    /// <summary>
    /// Whether the renewal that superseded this workspace's authorization opened a workspace of its own
    /// (this one was still provisioning when it asked): then nothing takes this one over, and it is closed
    /// and cleaned like an ended one instead of being left handed over to nobody.
    /// </summary>
    private async Task<bool> RenewalProvisionedItsOwnAsync(AuthorizationAccess access) =>
        State.HandedOverTo is null && access.RenewedBy is { } renewal
        && await GrainFactory.GetGrain<IWorkspaceGrain>(renewal).GetAsync(Actor.System) is { } opened
        && opened.HandedOverFrom != Id;

    /// <summary>Automation's resources are kept without any password it may have put in them (nothing stores one).</summary>
    public async Task<CommandResult<WorkspaceView>> ConfirmProvisionedAsync(string resourcesJson, CommandContext context)
    {
        // The replica holds the domain's status before the decision reads it (Provisioned).
        if (State.Access is { } access) await IsDomainOperationalAsync(access.DomainId);
        return await RunAsync(ConfirmProvisioned, context, now => Provisioned(WorkspaceConnection.WithoutPassword(resourcesJson)!, now));
    }

    public Task<CommandResult<WorkspaceView>> ConfirmDeletionAsync(DeletionCertificateView certificate, CommandContext context) =>
        RunAsync(ConfirmDeletion, context, now => Deleted(certificate, now));

    public Task<CommandResult<WorkspaceView>> ConfirmLogsPurgedAsync(CommandContext context) =>
        RunAsync(PurgeLogs, context, Purged, RetentionOver);

    public async Task<CommandResult<WorkspaceCredentials>> IssueCredentialsAsync(CommandContext context)
    {
        if (!Exists || State.Access is not { } access || context.Actor.Role != Role.Unit || context.Actor.UnitId != access.UnitId)
        {
            return CommandResult<WorkspaceCredentials>.Failure(NotFound());
        }
        if (State.Status != WorkspaceStatus.Active || WorkspaceConnection.Parse(State.ResourcesJson) is not { } connection)
        {
            return CommandResult<WorkspaceCredentials>.Failure(DomainError.InvalidTransition(StateName, "credentials"));
        }

        var target = new WorkspaceTarget(Id, State.ResourceKey, access.UnitId, access.DomainId, access.Datasets, State.Version);
        if (await driver.SetPasswordAsync(target) is not { } password)
        {
            return CommandResult<WorkspaceCredentials>.Failure(DomainError.InvalidTransition(StateName,
                $"credentials (the {driver.Name} driver's workspaces get their credentials from platform automation)"));
        }
        // Audited like a command, but remembered under no Idempotency-Key: an answer holding the password
        // must not be stored, and a repeat sets a fresh one (the previous one may never have arrived).
        var audited = await ExecuteAsync(context with { IdempotencyKey = null, Reason = "credentials issued" }, "issue-credentials",
            now => Outcome.Transition(() => State.CredentialsIssuedAt = now));
        return audited.Error is { } error
            ? CommandResult<WorkspaceCredentials>.Failure(error)
            : CommandResult<WorkspaceCredentials>.Success(new WorkspaceCredentials(
                connection.Host, connection.Port, connection.Database, connection.Username, connection.Schema, connection.DatasetSchema, password));
    }

    public Task<CommandResult<WorkspaceView>> RetryProvisioningAsync(CommandContext context) =>
        RunAsync(RetryProvisioning, context, now =>
        {
            State.Deadlines.Add(new Deadline(ProvisioningTimeoutKind, now + options.Value.ProvisioningTimeout));
            Enqueue(new Effect(Provision));
        });

    protected override string? OnDeadline(Deadline deadline, DateTimeOffset now)
    {
        switch (deadline.Kind)
        {
            case ProvisioningTimeoutKind when State.Status == WorkspaceStatus.Provisioning:
                Move(ProvisioningTimeout);
                var subject = $"Workspace {Id} was not provisioned within {options.Value.ProvisioningTimeout}; retry is allowed.";
                Notify(NotificationKinds.ProvisioningFailed, Recipients.Authority, subject, $"timeout:{deadline.DueAt.UtcTicks}", now);
                Notify(NotificationKinds.ProvisioningFailed, Recipients.Unit(State.Access!.UnitId), subject, $"timeout:{deadline.DueAt.UtcTicks}", now);
                return "provisioning-timeout";

            case DeletionOverdueKind when State.Status is WorkspaceStatus.Closed or WorkspaceStatus.Deleting:
                Notify(NotificationKinds.DeletionOverdue, Recipients.Supervisors,
                    $"The data of workspace {Id} (closed {State.ClosedAt:O}) is not confirmed deleted.", "deletion-overdue", now);
                return null;

            case LogPurgeKind when State.Status == WorkspaceStatus.Deleted:
                Enqueue(new Effect(PurgeLogsEffect));
                return null;

            case LogPurgeKind when State.Status is WorkspaceStatus.Closed or WorkspaceStatus.Deleting:
                State.PurgeDue = true;
                return null;

            default:
                return null;
        }
    }

    protected override async Task<bool> RunEffectAsync(Effect effect)
    {
        try
        {
            await RunDriverAsync(effect.Kind);
            return true;
        }
        catch (Exception ex) when (ex is not OrleansException)
        {
            // The state already says what access must be; the driver is told again on the retry deadline.
            logger.LogWarning(ex, "Workspace {Workspace}: driver {Driver} failed on {Effect}; retried later", Id, driver.Name, effect.Kind);
            return false;
        }
    }

    private async Task RunDriverAsync(string effect)
    {
        var target = new WorkspaceTarget(Id, State.ResourceKey, State.Access!.UnitId, State.Access.DomainId, State.Access.Datasets, State.Version);
        switch (effect)
        {
            case Provision when State.Status == WorkspaceStatus.Provisioning:
                if (await driver.ProvisionAsync(target) is { } resources)
                {
                    await IsDomainOperationalAsync(State.Access.DomainId);
                    FollowUp("confirm-provisioned", $"{driver.Name} driver provisioned", () => Provisioned(resources, Clock.Now()));
                }
                break;

            case Enforce or EnforceAgain when State.Status is not (WorkspaceStatus.Provisioning or WorkspaceStatus.ProvisioningFailed or WorkspaceStatus.HandedOver):
                var open = PhysicalOpen(await IsDomainOperationalAsync(State.Access.DomainId));
                // Again after the domain's statement: an open target is applied whatever was recorded, a closed one
                // wherever this workspace last opened the login itself (a login it closed stayed closed).
                if (effect == Enforce ? State.EnforcedOpen == open : !open && !State.EnforcedOpen) break;
                if (open) await driver.ReinstateAsync(target);
                else if (State.Status == WorkspaceStatus.Suspended || State.Status == WorkspaceStatus.Active) await driver.SuspendAsync(target);
                else await driver.CloseAsync(target);
                FollowUp(null, null, () => State.EnforcedOpen = open);
                break;

            case BeginDeletion when State.Status == WorkspaceStatus.Closed:
                FollowUp("start-deletion", "closed: the data left in the workspace is deleted at once", () =>
                {
                    Move(StartDeletion);
                    State.Deletion = new DeletionView(Clock.Now(), null, null);
                    Enqueue(new Effect(DeleteData));
                });
                break;

            case DeleteData when State.Status == WorkspaceStatus.Deleting:
                if (await driver.DeleteDataAsync(target) is { } certificate)
                {
                    var view = new DeletionCertificateView(certificate.ManifestSha256, certificate.DeletedAt, certificate.Operator, certificate.Manifest);
                    FollowUp("confirm-deletion", $"{driver.Name} driver deleted the data", () => Deleted(view, Clock.Now()));
                }
                break;

            case UpdateDatasets when State.Status is WorkspaceStatus.Active or WorkspaceStatus.Suspended:
                await driver.UpdateDatasetsAsync(target);
                break;

            case PurgeLogsEffect when State.Status == WorkspaceStatus.Deleted && RetentionOver(Clock.Now()) is null:
                if (await driver.PurgeLogsAsync(target))
                {
                    FollowUp("purge-logs", $"{driver.Name} driver purged the logs", () => Purged(Clock.Now()));
                }
                break;

            case PurgeUsageLogEffect when State.Status == WorkspaceStatus.Purged && UsageRoles.Of(State.ResourcesJson) is { } role:
                var purged = await usageLog.PurgeAsync(role, State.LogRetentionUntil, Clock.Now());
                logger.LogInformation("Workspace {Workspace}: {Rows} usage log records purged", Id, purged);
                break;
        }
    }

    /// <summary>R11: logs are purged only once the retention is over, whoever asks (the deadline, a driver, automation).</summary>
    private DomainError? RetentionOver(DateTimeOffset now) =>
        State.LogRetentionUntil is { } until && now >= until
            ? null
            : new DomainError(ErrorCodes.RetentionNotOver,
                $"The logs of workspace {Id} are retained until {State.LogRetentionUntil:O}; nothing was purged.");

    private async Task OpenAsync(AuthorizationAccess access, CommandContext context)
    {
        var handover = access.Renews is { } prior
            ? await GrainFactory.GetGrain<IWorkspaceGrain>(prior).HandOverAsync(Id)
            : null;
        await ExecuteAsync(context, handover is null ? "open" : "take-over", now => Outcome.Transition(() =>
        {
            State.Access = access;
            State.Driver = driver.Name;
            if (handover is null)
            {
                State.Status = WorkspaceStatus.Provisioning;
                State.ResourceKey = Id;
                State.Deadlines.Add(new Deadline(ProvisioningTimeoutKind, now + options.Value.ProvisioningTimeout));
                Enqueue(new Effect(Provision));
            }
            else
            {
                // A renewal continues in the same area: nothing is closed, deleted or provisioned.
                State.Status = WorkspaceStatus.Active;
                State.ResourceKey = handover.ResourceKey;
                State.ResourcesJson = handover.ResourcesJson;
                State.ProvisionedAt = handover.ProvisionedAt;
                State.HandedOverFrom = access.Renews;
                State.ContinuedTerm = handover.Term;
                State.EnforcedOpen = true;
                Enqueue(new Effect(Enforce));
                // The renewal's datasets, not the prior authorization's, are readable from now on.
                Enqueue(new Effect(UpdateDatasets));
            }
        }));
    }

    private void Provisioned(string resourcesJson, DateTimeOffset now)
    {
        Move(ConfirmProvisioned);
        State.ResourcesJson = resourcesJson;
        State.ProvisionedAt = now;
        State.EnforcedOpen = true;
        State.Deadlines.RemoveAll(d => d.Kind == ProvisioningTimeoutKind);
        // The driver opened the login; it is closed again at once if the workspace or its domain does not allow it.
        if (!PhysicalOpen(KnownDomainOperational)) Enqueue(new Effect(Enforce));
    }

    private void CloseAt(DateTimeOffset now)
    {
        State.ClosedAt = now;
        State.LogRetentionUntil = now.AddMonths(options.Value.LogRetentionMonths);
        State.Deadlines.RemoveAll(d => d.Kind == ProvisioningTimeoutKind);
        State.Deadlines.Add(new Deadline(DeletionOverdueKind, now + options.Value.DeletionDeadline));
        State.Deadlines.Add(new Deadline(LogPurgeKind, State.LogRetentionUntil.Value));
        Enqueue(new Effect(Enforce));
        Enqueue(new Effect(BeginDeletion));
    }

    private void Deleted(DeletionCertificateView certificate, DateTimeOffset now)
    {
        Move(ConfirmDeletion);
        State.Deletion = (State.Deletion ?? new DeletionView(now, null, null)) with { ConfirmedAt = now, Certificate = certificate };
        State.Deadlines.RemoveAll(d => d.Kind == DeletionOverdueKind);
        if (State.PurgeDue) Enqueue(new Effect(PurgeLogsEffect));
    }

    private void Purged(DateTimeOffset now)
    {
        Move(PurgeLogs);
        State.LogsPurgedAt = now;
        State.PurgeDue = false;
        State.Deadlines.RemoveAll(d => d.Kind == LogPurgeKind);
        // The usage log is the controller's own, whichever driver purged the domain's logs.
        Enqueue(new Effect(PurgeUsageLogEffect));
    }

    private async Task<AccessDecision> DecideAsync(string unitId, string datasetId)
    {
        if (!Exists || State.Access is not { } access) return Deny(AccessReason.UnknownWorkspace);
        if (access.UnitId != unitId) return Deny(AccessReason.UnitMismatch);
        if (access.Status == AuthorizationStatus.Suspended) return Deny(AccessReason.AuthorizationSuspended);
        if (access.Status != AuthorizationStatus.Active) return Deny(AccessReason.AuthorizationEnded);
        if (State.Status != WorkspaceStatus.Active) return Deny(AccessReason.WorkspaceNotActive);
        var now = Clock.Now();
        if (access.Term is not { } term || !(Within(term, now) || (State.ContinuedTerm is { } prior && now < term.Start && Within(prior, now))))
        {
            return Deny(AccessReason.OutsideTerm);
        }
        if (!await IsDomainOperationalAsync(access.DomainId)) return Deny(AccessReason.DomainNotOperational);
        if (!access.Datasets.Contains(datasetId, StringComparer.Ordinal)) return Deny(AccessReason.DatasetNotAuthorized);
        return Allow;
    }

    private static AccessDecision Deny(AccessReason reason) => new(false, reason);

    private static bool Within(Term term, DateTimeOffset now) => now >= term.Start && now < term.End;

    /// <summary>From this silo's replica; the first decision in a domain asks the domain grain, which then keeps the replica current.</summary>
    private async ValueTask<bool> IsDomainOperationalAsync(string domainId)
    {
        if (domainStatus.TryGet(domainId, out var stamp)) return stamp.Operational;
        var watched = await GrainFactory.GetGrain<IDomainGrain>(domainId).WatchStatusAsync(localSilo.SiloAddress);
        return domainStatus.Offer(watched).Operational;
    }

    private Enforcement CurrentEnforcement =>
        State.Status is WorkspaceStatus.Provisioning
        || State.PendingEffects.Exists(e => e.Kind is Provision or Enforce or EnforceAgain)
        || (State.Status is not (WorkspaceStatus.ProvisioningFailed or WorkspaceStatus.HandedOver) && State.EnforcedOpen != PhysicalOpen(KnownDomainOperational))
            ? Enforcement.Pending
            : Enforcement.Applied;

    /// <summary>Listed by domain, so a domain can tell whether it still hosts a live workspace.</summary>
    protected override ResourceRow? ToResourceRow() => Exists
        ? new ResourceRow(EntityTypeName, Id, State.Version, StateName, State.Access?.UnitId, State.Access?.DomainId, null, ToJson(ToView()))
        : null;

    /// <summary>The states in which a workspace still occupies its domain.</summary>
    public static readonly IReadOnlyList<string> LiveStates =
    [
        Kebab.Name(WorkspaceStatus.Provisioning), Kebab.Name(WorkspaceStatus.ProvisioningFailed),
        Kebab.Name(WorkspaceStatus.Active), Kebab.Name(WorkspaceStatus.Suspended),
    ];

    protected override WorkspaceView ToView() => new(
        Id, State.Status, State.Version, State.CreatedAt, State.UpdatedAt, DesiredOpen,
        State.Access?.DomainId ?? "", State.Access?.UnitId ?? "", State.ProvisionedAt, State.ClosedAt,
        State.HandedOverTo, State.HandedOverFrom, State.Deletion, State.LogRetentionUntil, State.LogsPurgedAt,
        CurrentEnforcement, WorkspaceConnection.WithoutPassword(State.ResourcesJson), State.Driver, State.ResourceKey);
}
