using System.Security.Cryptography;
using System.Text;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Channels;
using Domains.GrainInterfaces.Delivery;
using Domains.GrainInterfaces.Units;
using Domains.Grains.Clock;
using Domains.Grains.Delivery;
using Domains.Grains.Entity;
using Domains.Grains.Journal;
using Domains.Grains.Lifecycle;
using Domains.Grains.Notifications;
using Domains.Grains.Storage;
using Domains.Grains.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Orleans.Configuration;

namespace Domains.Grains.Channels;

/// <summary>
/// A notification channel: an audited entity (register, update, disable, enable) that also dispatches,
/// exactly as a webhook does — the shared <see cref="DeliveryDispatcher"/> over the channels' outbox —
/// with a sender per kind: <see cref="EmailSender"/> to the recipients' addresses, or
/// <see cref="DingtalkSender"/> to one robot. A delivery given up after <see cref="DeliveryOptions.MaxAge"/>
/// tells the authority in its inbox (<c>delivery-failed</c>).
/// </summary>
public sealed class ChannelGrain(
    [PersistentState(StorageNames.ChannelState, StorageNames.Main)] IPersistentState<ChannelState> state,
    BusinessClock clock,
    IEntityJournal journal,
    ChannelOutbox outbox,
    EmailSender email,
    StaffAddresses staff,
    DingtalkSender dingtalk,
    NoticeTexts texts,
    WebhookSecrets secrets,
    TimeProvider time,
    IOptions<ChannelOptions> options,
    IOptions<ReminderOptions> reminderOptions,
    ILogger<ChannelGrain> logger)
    : LifecycleGrain<ChannelState, ChannelView, ChannelStatus, ChannelCommand>(state, clock, journal), IChannelGrain, IRemindable
{
    private const string ReminderName = "dispatch";

    private const string FollowEffect = "follow";

    private Dispatch? _dispatch;
    private IGrainTimer? _poll;
    private DeliveryDispatcher? _dispatcher;

    /// <summary>What the poll works with: a copy of saved state only.</summary>
    private sealed record Dispatch(ChannelKind Kind, string Language, Uri? Robot, string? RobotSecret, DispatchPlan Plan);

    protected override string EntityTypeName => EntityTypes.Channel;

    protected override LifecycleTable<ChannelStatus, ChannelCommand> Table => ChannelLifecycle.Table;

    private ChannelOptions Options => options.Value;

    /// <summary>The additional data a robot's sealed secret is bound to (not a webhook's of the same id).</summary>
    private string SealingId => "channel:" + Id;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (Exists) await FollowSavedStateAsync();
    }

    public Task<ChannelView?> GetAsync() => Task.FromResult(ViewIfExists());

    public async Task<Page<NoticeDeliveryView>?> ListDeliveriesAsync(DeliveryQuery query) =>
        Exists ? await outbox.ListAsync(Id, query) : null;

    public Task<CommandResult<ChannelView>> RegisterAsync(ChannelDefinition definition, CommandContext context)
    {
        if (!Exists)
        {
            return ExecuteAsync(context, "register", async _ =>
            {
                // Read before the save: a notice inserted meanwhile is queued rather than missed.
                var horizon = await outbox.HorizonAsync();
                return Outcome.Transition(() =>
                {
                    State.Status = ChannelStatus.Active;
                    (State.StartAfterTxid, State.StartSnapshot) = horizon;
                    Define(definition);
                });
            });
        }

        return RunAsync(ChannelCommand.Update, context, _ => Define(definition));
    }

    public Task<CommandResult<ChannelView>> DisableAsync(CommandContext context) =>
        RunAsync(ChannelCommand.Disable, context, _ => Enqueue(new Effect(FollowEffect)));

    public async Task<CommandResult<ChannelView>> EnableAsync(CommandContext context)
    {
        // Notices from while it was disabled are not queued: enabling starts afresh, like registering.
        var horizon = await outbox.HorizonAsync();
        return await RunAsync(ChannelCommand.Enable, context, _ =>
        {
            (State.StartAfterTxid, State.StartSnapshot) = horizon;
            Enqueue(new Effect(FollowEffect));
        });
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!Exists || State.Status != ChannelStatus.Active) await DisarmAsync();
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
            logger.LogWarning(e, "Channel {ChannelId}: arming dispatch failed; retried with the outbox", Id);
            return false;
        }
    }

    protected override ChannelView ToView() => new(
        Id, State.Status, State.Version, State.CreatedAt, State.UpdatedAt, State.Kind, State.Kinds, Recipients(), State.Language,
        State.RobotUrl, State.RobotSecret is { Length: > 0 });

    private ChannelRecipients Recipients() => State.RecipientGroup is { } group ? ChannelRecipients.Of(group) : ChannelRecipients.OfUnits(State.Units);

    private void Define(ChannelDefinition definition)
    {
        State.Kind = definition.Kind;
        State.Kinds = definition.Kinds.Distinct(StringComparer.Ordinal).ToList();
        State.RecipientGroup = definition.Recipients.Group;
        State.Units = definition.Recipients.Group is null ? definition.Recipients.Units.ToList() : [];
        State.Language = definition.Language;
        State.RobotUrl = definition.Kind == ChannelKind.Dingtalk ? definition.RobotUrl : null;
        var secret = definition.Kind == ChannelKind.Dingtalk ? definition.RobotSecret : null;
        (State.RobotSecret, State.RobotSecretSealed) = secret is null ? (null, false)
            : secrets.CanSeal ? (secrets.Seal(SealingId, secret), true) : (secret, false);
        Enqueue(new Effect(FollowEffect));
    }

    private async Task FollowSavedStateAsync()
    {
        if (State.Status != ChannelStatus.Active)
        {
            await DisarmAsync();
            return;
        }

        string? robotSecret = null;
        if (State.Kind == ChannelKind.Dingtalk)
        {
            try
            {
                robotSecret = State.RobotSecretSealed ? Encoding.UTF8.GetString(secrets.Open(SealingId, State.RobotSecret!)) : State.RobotSecret;
            }
            catch (CryptographicException)
            {
                logger.LogError("Channel {ChannelId}: its robot secret cannot be opened with the configured Webhooks:SecretKey; not dispatching", Id);
                await DisarmAsync();
                return;
            }
        }
        _dispatch = new Dispatch(State.Kind, State.Language, State.RobotUrl is { } url ? new Uri(url) : null, robotSecret,
            new DispatchPlan(State.Kinds.ToList(), Recipients().Patterns(), State.StartAfterTxid, State.StartSnapshot));
        _dispatcher ??= new DeliveryDispatcher(outbox, Id, Options, time, logger);
        _poll ??= this.RegisterGrainTimer(PollAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Options.PollInterval)
        {
            Interleave = true,
            KeepAlive = true,
        });
        if (await this.GetReminder(ReminderName) is null)
        {
            var period = Options.PollInterval > reminderOptions.Value.MinimumReminderPeriod ? Options.PollInterval : reminderOptions.Value.MinimumReminderPeriod;
            await this.RegisterOrUpdateReminder(ReminderName, period, period);
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
        await dispatcher.PollAsync(dispatch.Plan, notice => SendAsync(dispatch, notice), GaveUpAsync);
    }

    private async Task<AttemptResult> SendAsync(Dispatch dispatch, NoticePayload notice)
    {
        var deadline = await NoticeFacts.DeadlineAsync(GrainFactory, notice);
        var message = texts.Compose(notice, deadline, dispatch.Language);
        if (dispatch.Kind == ChannelKind.Dingtalk) return await dingtalk.SendAsync(dispatch.Robot!, dispatch.RobotSecret!, notice.Id, message);
        return await email.SendAsync(Id, notice.Id, notice.At, await AddressesAsync(notice.Recipient), message, dispatch.Language);
    }

    /// <summary>A unit's contacts, or the supervisors' or the authority's addresses (<see cref="StaffAddresses"/>).</summary>
    private async Task<IReadOnlyList<MailboxAddress>> AddressesAsync(string recipient)
    {
        if (await staff.OfAsync(recipient) is { } addresses) return addresses;
        if (Notifications.Recipients.UnitOf(recipient) is not { } uscc) return [];
        var unit = await GrainFactory.GetGrain<IOperatingUnitGrain>(uscc).GetAsync(Actor.System);
        return (unit?.Details.Contacts ?? []).Select(c => new MailboxAddress(c.Name, c.Email)).ToList();
    }

    private async Task GaveUpAsync(NoticePayload notice, AttemptRecord last)
    {
        // A channel that cannot deliver its own give-up notices would otherwise tell of them without end.
        if (notice.Kind == NotificationKinds.DeliveryFailed) return;
        var about = $"{EntityName}\n{NotificationKinds.DeliveryFailed}\n{Notifications.Recipients.Authority}\n{notice.Id}";
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(about)))[..32];
        await outbox.NotifyAsync(new Notification(id, NotificationKinds.DeliveryFailed, Notifications.Recipients.Authority, EntityName, Clock.GetUtcNow(),
            $"Channel {Id} gave up delivering notice {notice.Id} ({notice.Kind}) after {Options.MaxAge} (last: {last.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? last.Error})."));
    }
}
