using System.Globalization;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Inbox;
using Domains.Grains.Journal;
using Npgsql;
using Orleans.Concurrency;

namespace Domains.Grains.Inbox;

[StatelessWorker]
public sealed class InboxGrain(NpgsqlDataSource db) : Grain, IInboxGrain
{
    private const string ListSql = """
        SELECT id, seq, kind, recipient, entity, at, subject
        FROM notifications
        WHERE recipient = @recipient AND seq > @after AND (@kind::text IS NULL OR kind = @kind)
        ORDER BY seq
        LIMIT @limit
        """;

    public async Task<Page<NotificationView>> ListAsync(string recipient, string? kind, long afterSeq, int limit)
    {
        await using var cmd = db.CreateCommand(ListSql);
        cmd.Parameters.AddWithValue("recipient", recipient);
        cmd.Parameters.AddWithValue("after", afterSeq);
        cmd.Parameters.Add(Sql.Text("kind", kind));
        cmd.Parameters.AddWithValue("limit", limit + 1);
        var items = new List<NotificationView>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                items.Add(new NotificationView(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3),
                    reader.GetString(4), Sql.ReadInstant(reader, 5), reader.GetString(6)));
            }
        }
        var page = items.Take(limit).ToList();
        return new Page<NotificationView>(page, items.Count > limit ? page[^1].Seq.ToString(CultureInfo.InvariantCulture) : null);
    }
}
