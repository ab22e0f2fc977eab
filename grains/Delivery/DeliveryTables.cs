namespace Domains.Grains.Delivery;

/// <summary>
/// The three tables of one notice outbox and the column naming their owner: the cursor (how far
/// notices are queued), the deliveries (one per owner and notice) and the attempts.
/// </summary>
public sealed record DeliveryTables(string Cursors, string Deliveries, string Attempts, string OwnerColumn)
{
    public static readonly DeliveryTables Webhooks = new("webhook_cursors", "webhook_deliveries", "webhook_attempts", "webhook_id");

    public static readonly DeliveryTables Channels = new("channel_cursors", "channel_deliveries", "channel_attempts", "channel_id");

    /// <summary>The SQL of a template with these names in place of <c>{cursors}</c>, <c>{deliveries}</c>, <c>{attempts}</c> and <c>{owner}</c>.</summary>
    public string Apply(string template) => template
        .Replace("{cursors}", Cursors, StringComparison.Ordinal)
        .Replace("{deliveries}", Deliveries, StringComparison.Ordinal)
        .Replace("{attempts}", Attempts, StringComparison.Ordinal)
        .Replace("{owner}", OwnerColumn, StringComparison.Ordinal);
}
