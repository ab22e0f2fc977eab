namespace Domains.Grains.Notifications;

/// <summary>
/// A durable notice to a recipient's inbox (API.md calls them inbox notices; "notice" alone is the call
/// for applications). Its id is derived from what it is about, so producing it twice — a deadline that
/// fires again, an outbox flushed again — still leaves one record.
/// </summary>
public sealed record Notification(
    string Id,
    string Kind,
    string Recipient,
    string Entity,
    DateTimeOffset At,
    string Subject);
