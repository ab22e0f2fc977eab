namespace Domains.GrainInterfaces.Webhooks;

/// <summary>Commands on a webhook. Persisted numbers: never renumber.</summary>
public enum WebhookCommand
{
    Register = 1,
    Update = 2,
    Disable = 3,
    Enable = 4,
}
