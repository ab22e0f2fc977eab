namespace Domains.GrainInterfaces.Webhooks;

/// <summary>Webhook states. Persisted numbers: never renumber.</summary>
public enum WebhookStatus
{
    Active = 1,
    Disabled = 2,
}
