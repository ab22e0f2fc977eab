using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Domains.Grains.Usage;

namespace Domains.Grains.Drivers.Postgres;

/// <summary>
/// Collects the usage log (DATAPLANE.md §4) from each data server's own jsonlog files, read through the
/// data server's <c>domains_usage</c> functions (a SQL login, no file system of the data server's host).
/// </summary>
/// <remarks>
/// Exactly once: the position reached in a server's log (file, byte offset) is a row of the controller's
/// database, locked, read, and advanced in the same transaction that inserts the records read from it; a
/// crash anywhere before the commit leaves both as they were, so the next step reads the same bytes again,
/// and a crash after it has them both. Each record also carries its (file, offset), unique, as a second
/// guard. Only whole lines are taken: a line the server is still writing waits for the next step. Silos
/// share the work through the row lock (<c>SKIP LOCKED</c>): one reads a server at a time.
/// </remarks>
public sealed class UsageLogCollector : BackgroundService
{
    private const int MaxLineBytes = 64 * 1024 * 1024;

    private const string InsertSql = """
        INSERT INTO usage_log (role, session, kind, statement, at, source, file, position)
        SELECT r, s, k, st, a, @source, @file, p
        FROM unnest(@roles, @sessions, @kinds, @statements, @ats, @positions) AS t(r, s, k, st, a, p)
        ON CONFLICT (source, file, position) DO NOTHING
        """;

    private readonly NpgsqlDataSource _controller;
    private readonly UsageLogOptions _options;
    private readonly ILogger<UsageLogCollector> _logger;
    private readonly Dictionary<string, NpgsqlDataSource> _servers;
    private readonly Regex _roles;
    private readonly HashSet<string> _cursorsMade = new(StringComparer.Ordinal);

    public UsageLogCollector(NpgsqlDataSource controller, IOptions<UsageLogOptions> options, ILogger<UsageLogCollector> logger)
    {
        _controller = controller;
        _options = options.Value;
        _logger = logger;
        _roles = new Regex(_options.RolePattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        _servers = _options.Servers.ToDictionary(s => s.Key, s => NpgsqlDataSource.Create(s.Value), StringComparer.Ordinal);
    }

    /// <summary>Tests: runs after a step's records are inserted, before its commit (a crash there must lose nothing and double nothing).</summary>
    internal Func<Task>? BeforeCommit { get; set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_servers.Count == 0) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var server in _servers.Keys)
            {
                try
                {
                    while (!stoppingToken.IsCancellationRequested && await CollectOnceAsync(server, stoppingToken))
                    {
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // The data server or the controller's database is down: the position stays where it was.
                    _logger.LogWarning(ex, "Usage log of data server {Server}: collection failed; retried", server);
                }
            }

            try
            {
                await Task.Delay(_options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One step: the next whole lines of the server's log, or the next file. False when there was nothing new.</summary>
    public async Task<bool> CollectOnceAsync(string server, CancellationToken cancellationToken = default)
    {
        var source = _servers[server];
        if (!_cursorsMade.Contains(server))
        {
            await using var make = _controller.CreateCommand("INSERT INTO usage_log_cursors (source, file, position) VALUES (@source, '', 0) ON CONFLICT DO NOTHING");
            make.Parameters.AddWithValue("source", server);
            await make.ExecuteNonQueryAsync(cancellationToken);
            _cursorsMade.Add(server);
        }

        await using var connection = await _controller.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        string file;
        long position;
        await using (var cursor = new NpgsqlCommand("SELECT file, position FROM usage_log_cursors WHERE source = @source FOR UPDATE SKIP LOCKED", connection, tx))
        {
            cursor.Parameters.AddWithValue("source", server);
            await using var reader = await cursor.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken)) return false; // another silo is reading this server
            file = reader.GetString(0);
            position = reader.GetInt64(1);
        }

        var files = await LogFilesAsync(source, cancellationToken);
        var current = files.FirstOrDefault(f => f.Name == file);
        if (current.Name is null || position >= current.Size)
        {
            // The start (no file yet), a file removed, or one read to its end: the next file, once the server has one.
            var next = files.FirstOrDefault(f => string.CompareOrdinal(f.Name, file) > 0);
            if (next.Name is null) return false;
            await MoveAsync(connection, tx, server, next.Name, 0, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return true;
        }

        var want = (int)Math.Min(current.Size - position, _options.ChunkBytes);
        var chunk = await ReadAsync(source, file, position, want, cancellationToken);
        var end = Array.LastIndexOf(chunk, (byte)'\n');
        while (end < 0 && chunk.Length == want && want < MaxLineBytes && position + want < current.Size)
        {
            want = (int)Math.Min(Math.Min(current.Size - position, (long)want * 4), MaxLineBytes);
            chunk = await ReadAsync(source, file, position, want, cancellationToken);
            end = Array.LastIndexOf(chunk, (byte)'\n');
        }
        if (end < 0)
        {
            if (chunk.Length < MaxLineBytes) return false; // a line still being written
            _logger.LogWarning("Usage log {Server}/{File}: a line longer than {Max} bytes at {Position} skipped", server, file, MaxLineBytes, position);
            await MoveAsync(connection, tx, server, file, position + chunk.Length, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return true;
        }

        var records = new List<(UsageLogLine Line, long Position)>();
        var start = 0;
        while (start <= end)
        {
            var newline = Array.IndexOf(chunk, (byte)'\n', start);
            if (UsageLogLine.Parse(chunk.AsSpan(start, newline - start), _roles) is { } line) records.Add((line, position + start));
            start = newline + 1;
        }

        if (records.Count > 0) await InsertAsync(connection, tx, server, file, records, cancellationToken);
        await MoveAsync(connection, tx, server, file, position + end + 1, cancellationToken);
        if (BeforeCommit is { } hook) await hook();
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    public override void Dispose()
    {
        foreach (var source in _servers.Values) source.Dispose();
        base.Dispose();
    }

    private static async Task<List<(string Name, long Size)>> LogFilesAsync(NpgsqlDataSource source, CancellationToken cancellationToken)
    {
        await using var cmd = source.CreateCommand("SELECT name, size FROM domains_usage.log_files()");
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var files = new List<(string, long)>();
        while (await reader.ReadAsync(cancellationToken)) files.Add((reader.GetString(0), reader.GetInt64(1)));
        files.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return files;
    }

    private static async Task<byte[]> ReadAsync(NpgsqlDataSource source, string file, long position, int length, CancellationToken cancellationToken)
    {
        await using var cmd = source.CreateCommand("SELECT domains_usage.read_log(@file, @start, @length)");
        cmd.Parameters.AddWithValue("file", file);
        cmd.Parameters.AddWithValue("start", position);
        cmd.Parameters.AddWithValue("length", (long)length);
        return await cmd.ExecuteScalarAsync(cancellationToken) as byte[] ?? [];
    }

    private static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string server, string file,
        List<(UsageLogLine Line, long Position)> records, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(InsertSql, connection, tx);
        cmd.Parameters.AddWithValue("source", server);
        cmd.Parameters.AddWithValue("file", file);
        cmd.Parameters.AddWithValue("roles", records.Select(r => r.Line.Role).ToArray());
        cmd.Parameters.AddWithValue("sessions", records.Select(r => r.Line.Session).ToArray());
        cmd.Parameters.AddWithValue("kinds", records.Select(r => UsageKinds.Name(r.Line.Kind)).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("statements", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = records.Select(r => (object?)r.Line.Statement ?? DBNull.Value).ToArray() });
        cmd.Parameters.AddWithValue("ats", records.Select(r => r.Line.At).ToArray());
        cmd.Parameters.AddWithValue("positions", records.Select(r => r.Position).ToArray());
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task MoveAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string server, string file, long position, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand("UPDATE usage_log_cursors SET file = @file, position = @position WHERE source = @source", connection, tx);
        cmd.Parameters.AddWithValue("source", server);
        cmd.Parameters.AddWithValue("file", file);
        cmd.Parameters.AddWithValue("position", position);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
