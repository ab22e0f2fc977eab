using System.Security.Cryptography;
using System.Text;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Delivery;
using Domains.GrainInterfaces.Webhooks;
using Domains.Grains.Clock;
using Domains.Grains.Delivery;
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
/// active, a grain timer runs the shared <see cref="DeliveryDispatcher"/> over the webhooks' outbox with
/// <see cref="WebhookSender"/> as its sender. Notices are read from their table, which entity grains
/// write only after their transition is saved, so no notice goes out before its transition is durable.
/// A durable reminder brings the grain back after a restart.
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

    private Dispatch? _dispatch;
    private IGrainTimer? _poll;
    private DeliveryDispatcher? _dispatcher;

    /// <summary>What the poll works with: a copy of saved state only, never of a change not yet saved.</summary>
    private sealed record Dispatch(Uri Url, byte[] Key, DispatchPlan Plan);

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

    public async Task<Page<NoticeDeliveryView>?> ListDeliveriesAsync(DeliveryQuery query) =>
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
        _dispatch = new Dispatch(new Uri(State.Url), key, new DispatchPlan(State.Kinds.ToList(), null, State.StartAfterTxid, State.StartSnapshot));
        _dispatcher ??= new DeliveryDispatcher(deliveries, Id, Options, time, logger);
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
        if (_dispatch is not { } dispatch || _dispatcher is not { } dispatcher) return;
        await dispatcher.PollAsync(dispatch.Plan, notice => sender.PostAsync(dispatch.Url, dispatch.Key, notice));
    }
}
