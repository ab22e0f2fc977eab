namespace Domains.Grains.Webhooks;

/// <summary>Thrown from the connect callback: the name resolved only to addresses a webhook may not reach.</summary>
public sealed class WebhookAddressRefusedException() : Exception("The webhook's host resolves to no address a webhook may reach.");
