using Domains.Grains.Delivery;
using Npgsql;

namespace Domains.Grains.Webhooks;

/// <summary>The webhooks' notice outbox (migration 0007).</summary>
public sealed class WebhookDeliveryStore(NpgsqlDataSource db) : DeliveryOutbox(db, DeliveryTables.Webhooks);
