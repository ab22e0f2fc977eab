using Domains.Grains.Delivery;
using Domains.Grains.Journal;
using Domains.Grains.Notifications;
using Npgsql;

namespace Domains.Grains.Channels;

/// <summary>The channels' notice outbox (migration 0100), and the authority's notice when a channel gives up.</summary>
public sealed class ChannelOutbox(NpgsqlDataSource db) : DeliveryOutbox(db, DeliveryTables.Channels)
{
    // The id is derived from what the notice is about, so telling twice (a poll repeated) still leaves one.
    private const string NotifySql = """
        INSERT INTO notifications (id, kind, recipient, entity, at, subject)
        VALUES (@id, @kind, @recipient, @entity, @at, @subject)
        ON CONFLICT (id) DO NOTHING
        """;

    private readonly NpgsqlDataSource _db = db;

    public async Task NotifyAsync(Notification notification)
    {
        await using var cmd = _db.CreateCommand(NotifySql);
        cmd.Parameters.AddWithValue("id", notification.Id);
        cmd.Parameters.AddWithValue("kind", notification.Kind);
        cmd.Parameters.AddWithValue("recipient", notification.Recipient);
        cmd.Parameters.AddWithValue("entity", notification.Entity);
        cmd.Parameters.Add(Sql.Instant("at", notification.At));
        cmd.Parameters.AddWithValue("subject", notification.Subject);
        await cmd.ExecuteNonQueryAsync();
    }
}
