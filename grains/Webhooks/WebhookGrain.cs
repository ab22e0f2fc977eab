using System.Security.Cryptography;
using System.Text;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Webhooks;
using Domains.Grains.Clock;
using Domains.Grains.Entity;
using Domains.Grains.Journal;
using Domains.Grains.Lifecycle;
using Domains.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Domains.Grains.Webhooks;

/// <summary>
/// A webhook: an audited entity (register, update, disable, enable) that also dispatches. While
/// active, a grain timer polls: it queues every new inbox notice of the webhook's kinds as a delivery
/// row, then posts the deliveries that are due and records each attempt. Notices are read from their
/// table, which entity grains write only after their transition is saved, so no notice goes out before
/// its transition is durable. Progress lives in the database (cursor, deliveries), so a restart resumes
/// it; a durable reminder brings the grain back after one. Delivery is at least once: a crash between a
/// POST and its record posts again, with the same notice id.
/// </summary>
// One IPersistentState shared on purpose: the base saves every command; this class writes only to seal a
// secret stored in clear before a key was configured (SealStoredSecretAsync).
#pragma warning disable CS9107
public sealed class WebhookGrain(
    [PersistentState(StorageNames.WebhookState, StorageNames.Main)] IPersistentState<WebhookState> state,
    BusinessClock clock,
    IEntityJournal journal,
    WebhookDeliveryStore deliveries,
    WebhookSender sender,
    WebhookSecrets secrets,
    TimeProvider time,
    IOptions<WebhookOptions> options,
    IOptions<ReminderOptions> reminderOptions,
    ILogger<WebhookGrain> logger)
    : LifecycleGrain<WebhookState, WebhookView, WebhookStatus, WebhookCommand>(state, clock, journal), IWebhookGrain, IRemindable
#pragma warning restore CS9107
{
    private const string ReminderName = "dispatch";

    /// <summary>The outbox call that makes dispatch follow the saved state (start, stop, new URL or secret).</summary>
    private const string FollowEffect = "follow";

    /// <summary>A bound on rounds per poll, so one poll never runs unbounded; the next poll goes on.</summary>
    private const int MaxRoundsPerPoll = 20;

    private Dispatch? _dispatch;
    private IGrainTimer? _poll;
    private NoticeCursor? _cursor;
    private bool _polling;

    /// <summary>What the poll works with: a copy of saved state only, never of a change not yet saved.</summary>
    private sealed record Dispatch(Uri Url, IReadOnlyList<string> Kinds, byte[] Key, ulong StartAfterTxid, string? StartSnapshot);

    protected override string EntityTypeName => EntityTypes.Webhook;

    protected override LifecycleTable<WebhookStatus, WebhookCommand> Table => WebhookLifecycle.Table;

    private WebhookOptions Options => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (Exists && secrets.CanSeal && State.SealedSecret is null && State.Secret.Length > 0) await SealStoredSecretAsync();
        if (Exists) await FollowSavedStateAsync();
    }

    public Task<WebhookView?> GetAsync() => Task.FromResult(ViewIfExists());

    public async Task<Page<WebhookDeliveryView>?> ListDeliveriesAsync(DeliveryQuery query) =>
        Exists ? await deliveries.ListAsync(Id, query) : null;

    public Task<CommandResult<WebhookView>> RegisterAsync(WebhookDefinition definition, CommandContext context)
    {
        if (!Exists)
        {
            return ExecuteAsync(context, "register", async _ =>
            {
                // Read before the save: a notice inserted meanwhile is queued rather than missed.
                var horizon = await deliveries.HorizonAsync();
                return Outcome.Transition(() =>
                {
                    State.Status = WebhookStatus.Active;
                    (State.StartAfterTxid, State.StartSnapshot) = horizon;
                    Define(definition);
                });
            });
        }

        return RunAsync(WebhookCommand.Update, context, _ => Define(definition));
    }

    public Task<CommandResult<WebhookView>> DisableAsync(CommandContext context) =>
        RunAsync(WebhookCommand.Disable, context, _ => Enqueue(new Effect(FollowEffect)));

    public async Task<CommandResult<WebhookView>> EnableAsync(CommandContext context)
    {
        // Notices from while it was disabled are not queued: enabling starts afresh, like registering.
        var horizon = await deliveries.HorizonAsync();
        return await RunAsync(WebhookCommand.Enable, context, _ =>
        {
            (State.StartAfterTxid, State.StartSnapshot) = horizon;
            Enqueue(new Effect(FollowEffect));
        });
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // The activation itself is the point: OnActivateAsync started the poll. Only a reminder left
        // over by a webhook that no longer dispatches has anything to do.
        if (!Exists || State.Status != WebhookStatus.Active) await DisarmAsync();
    }

    protected override async Task<bool> RunEffectAsync(Effect effect)
    {
        if (effect.Kind != FollowEffect) return true;
        try
        {
            await FollowSavedStateAsync();
            return true;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Webhook {WebhookId}: arming dispatch failed; retried with the outbox", Id);
            return false;
        }
    }

    protected override WebhookView ToView() => new(
        Id, State.Status, State.Version, State.CreatedAt, State.UpdatedAt, State.Url, State.Kinds, State.Secret.Length > 0 || State.SealedSecret is not null);

    // The view carries no secret, only whether one is set.
    protected override ResourceRow? ToResourceRow() => Exists
        ? new ResourceRow(EntityTypeName, Id, State.Version, StateName, null, null, null, ToJson(ToView()))
        : null;

    private void Define(WebhookDefinition definition)
    {
        State.Url = definition.Url;
        State.Kinds = definition.Kinds.Distinct(StringComparer.Ordinal).ToList();
        (State.Secret, State.SealedSecret) = secrets.CanSeal ? ("", secrets.Seal(Id, definition.Secret)) : (definition.Secret, null);
        Enqueue(new Effect(FollowEffect));
    }

    /// <summary>Called with saved state only (on activation, and from the outbox after a save).</summary>
    private async Task FollowSavedStateAsync()
    {
        if (State.Status != WebhookStatus.Active)
        {
            await DisarmAsync();
            return;
        }

        byte[] key;
        try
        {
            key = State.SealedSecret is { } sealedSecret ? secrets.Open(Id, sealedSecret) : Encoding.UTF8.GetBytes(State.Secret);
        }
        catch (CryptographicException)
        {
            // Another key than the one that sealed it (or none): an unsigned or wrongly signed notice is worse than none.
            logger.LogError("Webhook {WebhookId}: its secret cannot be opened with the configured Webhooks:SecretKey; not dispatching", Id);
            await DisarmAsync();
            return;
        }
        _dispatch = new Dispatch(new Uri(State.Url), State.Kinds.ToList(), key, State.StartAfterTxid, State.StartSnapshot);
        // Interleaving lets commands and reads run while a poll waits on a slow receiver; the poll
        // touches no grain state but its own fields. KeepAlive: an active webhook stays active.
        _poll ??= this.RegisterGrainTimer(PollAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Options.PollInterval)
        {
            Interleave = true,
            KeepAlive = true,
        });
        // Armed once; registering again on every activation would push the next tick back.
        if (await this.GetReminder(ReminderName) is null)
        {
            var period = Options.PollInterval > reminderOptions.Value.MinimumReminderPeriod ? Options.PollInterval : reminderOptions.Value.MinimumReminderPeriod;
            await this.RegisterOrUpdateReminder(ReminderName, period, period);
        }
    }

    /// <summary>
    /// A secret saved in clear before a key was configured is sealed in place. The state is otherwise the saved
    /// one (the outbox was delivered on activation), so this write changes nothing else and is not a transition.
    /// </summary>
    private async Task SealStoredSecretAsync()
    {
        var clear = State.Secret;
        (State.Secret, State.SealedSecret) = ("", secrets.Seal(Id, clear));
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            // The write may have landed: a fresh activation reads what storage holds.
            (State.Secret, State.SealedSecret) = (clear, null);
            DeactivateOnIdle();
            logger.LogWarning(e, "Webhook {WebhookId}: sealing its stored secret failed; tried again on the next activation", Id);
        }
    }

    private async Task DisarmAsync()
    {
        _dispatch = null;
        _poll?.Dispose();
        _poll = null;
        if (await this.GetReminder(ReminderName) is { } reminder) await this.UnregisterReminder(reminder);
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        // A timer replaced (disable, enable) while its poll still runs must not start a second one.
        if (_dispatch is not { } dispatch || _polling) return;
        _polling = true;
        try
        {
            await QueueNewNoticesAsync(dispatch);
            await AttemptDueAsync(dispatch);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Webhook {WebhookId}: dispatch failed; tried again at the next poll", Id);
        }
        finally
        {
            _polling = false;
        }
    }

    private async Task QueueNewNoticesAsync(Dispatch dispatch)
    {
        _cursor ??= await deliveries.ReadCursorAsync(Id) ?? NoticeCursor.Before(0);
        var cursor = NoticeCursor.Max(_cursor.Value, NoticeCursor.Before(dispatch.StartAfterTxid));
        for (var round = 0; round < MaxRoundsPerPoll; round++)
        {
            var queued = await deliveries.QueueAsync(Id, cursor, dispatch.StartSnapshot, dispatch.Kinds, Options.BatchSize, time.GetUtcNow());
            if (queued.Next.CompareTo(cursor) > 0)
            {
                await deliveries.SaveCursorAsync(Id, queued.Next);
                cursor = queued.Next;
                _cursor = cursor;
            }
            if (!queued.More) return;
        }
    }

    private async Task AttemptDueAsync(Dispatch dispatch)
    {
        for (var round = 0; round < MaxRoundsPerPoll; round++)
        {
            var due = await deliveries.DueAsync(Id, time.GetUtcNow(), Options.BatchSize);
            if (due.Count == 0) return;
            var records = new List<AttemptRecord>(due.Count);
            foreach (var chunk in due.Chunk(Options.Parallelism))
            {
                records.AddRange(await Task.WhenAll(chunk.Select(delivery => AttemptAsync(dispatch, delivery))));
            }
            await deliveries.RecordAsync(Id, records);
            if (due.Count < Options.BatchSize) return;
        }
    }

    private async Task<AttemptRecord> AttemptAsync(Dispatch dispatch, DueDelivery delivery)
    {
        var attempt = delivery.Attempts + 1;
        if (delivery.Notice is not { } notice)
        {
            // Its row is gone (no such purge exists yet): there is nothing left to send.
            var now = time.GetUtcNow();
            return new AttemptRecord(delivery.NoticeId, now, 0, null, DeliveryErrors.NoticeMissing,
                new DeliveryStep(DeliveryState.Failed, null, now));
        }

        var result = await sender.PostAsync(dispatch.Url, dispatch.Key, notice);
        var step = DeliveryRetry.After(result.Acknowledged, attempt, delivery.QueuedAt, time.GetUtcNow(), Options, Random.Shared.NextDouble());
        if (step.State == DeliveryState.Failed)
        {
            logger.LogWarning("Webhook {WebhookId}: notice {NoticeId} failed after {Attempts} attempts over {MaxAge} (last: {Status})",
                Id, notice.Id, attempt, Options.MaxAge, result.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? result.Error);
        }
        return new AttemptRecord(delivery.NoticeId, result.At, result.DurationMs, result.StatusCode, result.Error, step);
    }
}
