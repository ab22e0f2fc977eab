using Domains.GrainInterfaces.Webhooks;
using Domains.Grains.Lifecycle;
using static Domains.GrainInterfaces.Webhooks.WebhookCommand;
using static Domains.GrainInterfaces.Webhooks.WebhookStatus;

namespace Domains.Grains.Webhooks;

/// <summary>
/// The webhook table. Creation (<see cref="Register"/> of a webhook that does not exist) starts it in
/// <see cref="Active"/>; <see cref="Update"/> replaces URL, kinds and secret in either state.
/// </summary>
public static class WebhookLifecycle
{
    public static readonly LifecycleTable<WebhookStatus, WebhookCommand> Table = new(
        allowed: new Dictionary<(WebhookStatus, WebhookCommand), WebhookStatus>
        {
            [(Active, Update)] = Active,
            [(Disabled, Update)] = Disabled,
            [(Active, Disable)] = Disabled,
            [(Disabled, Enable)] = Active,
        },
        ignored:
        [
            // Both are switches an operator may flip twice; the second flip is a harmless repeat.
            (Active, Enable),
            (Disabled, Disable),
        ]);

    public static Decision<WebhookStatus> Decide(WebhookStatus from, WebhookCommand command) => Table.Decide(from, command);
}
