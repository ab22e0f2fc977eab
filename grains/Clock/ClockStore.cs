using Npgsql;

namespace Domains.Grains.Clock;

/// <summary>The manual clock's instant in PostgreSQL: one row, only ever moved forward.</summary>
public sealed class ClockStore(NpgsqlDataSource db)
{
    private const string LoadSql = """
        INSERT INTO business_clock (id, now) VALUES (1, @initial)
        ON CONFLICT (id) DO UPDATE SET id = excluded.id
        RETURNING now
        """;

    private const string SaveSql = "UPDATE business_clock SET now = greatest(now, @now), updated_at = now() WHERE id = 1";

    /// <summary>The stored instant; on first use <paramref name="initial"/> is stored and returned.</summary>
    public async Task<DateTimeOffset> LoadAsync(DateTimeOffset initial)
    {
        await using var cmd = db.CreateCommand(LoadSql);
        cmd.Parameters.AddWithValue("initial", initial.UtcDateTime);
        var value = (DateTime)(await cmd.ExecuteScalarAsync())!;
        return new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero);
    }

    public async Task SaveAsync(DateTimeOffset now)
    {
        await using var cmd = db.CreateCommand(SaveSql);
        cmd.Parameters.AddWithValue("now", now.UtcDateTime);
        await cmd.ExecuteNonQueryAsync();
    }
}
