using System.Data;
using System.Security.Cryptography;
using Domains.Grains.Audit;
using Npgsql;
using NpgsqlTypes;

namespace Domains.AuditVerify;

/// <summary>
/// Writes the next signed checkpoint: every event of a transaction older than the oldest one still
/// running (all of those have ended, so none can appear there later, whatever order seqs committed in)
/// folded onto the last checkpoint's running hash. Runs outside the silo, with the private key the silo
/// never gets; it refuses to extend a checkpoint its key did not sign.
/// </summary>
public static class AuditCheckpointer
{
    private const string LastSql = "SELECT id, horizon, count, running_hash, at, signature FROM audit_checkpoints ORDER BY id DESC LIMIT 1";

    private const string RangeSql = "SELECT seq, hash FROM audit_events WHERE txid >= @from AND txid < @horizon ORDER BY txid, seq";

    private const string InsertSql = """
        INSERT INTO audit_checkpoints (id, horizon, count, running_hash, at, signature)
        VALUES (@id, @horizon, @count, @running_hash, @at, @signature)
        """;

    /// <summary>The checkpoint written, or null when no event became final since the last one.</summary>
    public static async Task<AuditCheckpoint?> WriteNextAsync(NpgsqlDataSource db, ECDsa key, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        // One snapshot: the horizon and the rows below it are read from the same instant.
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        ulong horizon;
        await using (var cmd = new NpgsqlCommand("SELECT pg_snapshot_xmin(pg_current_snapshot())", connection, tx))
        {
            horizon = (ulong)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        }

        AuditCheckpoint? last = null;
        await using (var cmd = new NpgsqlCommand(LastSql, connection, tx))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                last = new AuditCheckpoint(reader.GetInt64(0), reader.GetFieldValue<ulong>(1), reader.GetInt64(2), reader.GetString(3),
                    Grains.Journal.Sql.ReadInstant(reader, 4), reader.GetString(5));
            }
        }
        if (last is not null && !last.IsSignedBy(key))
        {
            throw new InvalidOperationException($"checkpoint {last.Id} is not signed by this key: refusing to extend it (run ops/audit-verify)");
        }
        if (last is not null && horizon <= last.Horizon) return null;

        var running = last?.RunningHash ?? AuditCheckpoint.Genesis;
        long added = 0;
        await using (var cmd = new NpgsqlCommand(RangeSql, connection, tx))
        {
            cmd.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.Xid8) { Value = last?.Horizon ?? 0UL });
            cmd.Parameters.Add(new NpgsqlParameter("horizon", NpgsqlDbType.Xid8) { Value = horizon });
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                running = AuditCheckpoint.Fold(running, reader.GetInt64(0), reader.GetString(1));
                added++;
            }
        }
        if (added == 0) return null;

        var checkpoint = AuditCheckpoint.Sign(key, (last?.Id ?? 0) + 1, horizon, (last?.Count ?? 0) + added, running,
            TruncateToMicroseconds(clock.GetUtcNow()));
        await using (var cmd = new NpgsqlCommand(InsertSql, connection, tx))
        {
            cmd.Parameters.AddWithValue("id", checkpoint.Id);
            cmd.Parameters.Add(new NpgsqlParameter("horizon", NpgsqlDbType.Xid8) { Value = checkpoint.Horizon });
            cmd.Parameters.AddWithValue("count", checkpoint.Count);
            cmd.Parameters.AddWithValue("running_hash", checkpoint.RunningHash);
            cmd.Parameters.Add(Grains.Journal.Sql.Instant("at", checkpoint.At));
            cmd.Parameters.AddWithValue("signature", checkpoint.Signature);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        return checkpoint;
    }

    /// <summary>The signing key in <paramref name="path"/> (PKCS#8 PEM), made with its public half beside it when missing.</summary>
    public static ECDsa LoadOrCreateKey(string path)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (File.Exists(path))
        {
            key.ImportFromPem(File.ReadAllText(path));
            return key;
        }
        WritePrivate(path, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(PublicKeyPath(path), key.ExportSubjectPublicKeyInfoPem());
        return key;
    }

    public static string PublicKeyPath(string privateKeyPath) => privateKeyPath + ".pub";

    public static ECDsa LoadPublicKey(string path)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(path));
        return key;
    }

    private static void WritePrivate(string path, string pem)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(pem);
    }

    // PostgreSQL keeps microseconds: the instant read back must sign the same.
    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);
}
