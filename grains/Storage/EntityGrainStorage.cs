using System.Globalization;
using System.Threading.Channels;
using Domains.Grains.Journal;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;

namespace Domains.Grains.Storage;

/// <summary>
/// The grain storage of every grain of the <see cref="StorageNames.Main"/> provider. It keeps Orleans' table
/// and row key (<c>sql/orleans/0003_persistence.sql</c>: rows written by the ADO.NET provider before are read
/// as they are) and its ETag (the row's version, checked on every write), but writes through the journal: a
/// state that carries its transition's output (<see cref="IJournaledState"/>: audit events, inbox notices, list
/// row, deadline rows) is written with it in one transaction, group-committed with other grains' writes
/// (<see cref="IEntityJournal.CommitAsync"/>). Orleans' <see cref="IGrainStorage"/> stays the seam: grains
/// declare their state with <c>[PersistentState(name, StorageNames.Main)]</c> as before. Reads are grouped the same
/// way: grains activating while earlier reads are on their way (a catch-up, a burst of new entities) share one
/// round trip (<c>domains_read_grain_states</c>, migration 0180); each deserializes its own state.
/// </summary>
public sealed class EntityGrainStorage(NpgsqlDataSource db, IEntityJournal journal, IOptions<ClusterOptions> cluster) : IGrainStorage
{
    private static readonly JsonGrainStorageSerializer Serializer = new();

    private const string ReadSql = """
        SELECT ordinal, payload, version FROM domains_read_grain_states(@service_id, @state_name, @n0, @n1, @extension)
        """;

    /// <summary>Group reads in flight at once; a new group forms while they are on their way.</summary>
    private const int Readers = 2;

    /// <summary>Reads in one group at most.</summary>
    private const int MaxReadGroup = 64;

    private readonly Channel<PendingRead> _reads = Channel.CreateUnbounded<PendingRead>();
    private int _readersStarted;

    private string ServiceId => cluster.Value.ServiceId;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (n0, n1, extension) = KeyOf(grainId);
        var read = new PendingRead(stateName, n0, n1, extension);
        if (Interlocked.Exchange(ref _readersStarted, 1) == 0)
        {
            for (var i = 0; i < Readers; i++) _ = Task.Run(ReadGroupsAsync);
        }
        _reads.Writer.TryWrite(read);
        var (found, payload, version) = await read.Result.Task;
        if (!found)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        grainState.State = payload is null ? Activator.CreateInstance<T>() : Serializer.Deserialize<T>(BinaryData.FromBytes(payload));
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = payload is not null;
    }

    private async Task ReadGroupsAsync()
    {
        var group = new List<PendingRead>(MaxReadGroup);
        while (await _reads.Reader.WaitToReadAsync())
        {
            while (group.Count < MaxReadGroup && _reads.Reader.TryRead(out var read)) group.Add(read);
            if (group.Count == 0) continue;
            try
            {
                try
                {
                    await ReadGroupAsync(group);
                }
                catch (Exception first) when (DatabaseFailures.IsBrokenConnection(first))
                {
                    // Connections a PostgreSQL restart cut: the whole group tries once more on a fresh one, as each
                    // read alone did (the callers' own retry would meet the pool's next cut connection together).
                    await ReadGroupAsync(group);
                }
            }
            catch (Exception ex)
            {
                // Each grain's activation fails with the database's error and is tried again by its next call.
                foreach (var read in group) read.Result.TrySetException(ex);
            }
            group.Clear();
        }
    }

    private async Task ReadGroupAsync(List<PendingRead> group)
    {
        await using var cmd = db.CreateCommand(ReadSql);
        cmd.Parameters.Add(Sql.TextArray("service_id", group.Select(_ => ServiceId)));
        cmd.Parameters.Add(Sql.TextArray("state_name", group.Select(r => r.StateName)));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("n0", group.Select(r => r.N0).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("n1", group.Select(r => r.N1).ToArray()));
        cmd.Parameters.Add(Sql.TextArray("extension", group.Select(r => r.Extension)));
        var rows = new Dictionary<long, (byte[]? Payload, int Version)>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows[reader.GetInt64(0)] = (reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1), reader.GetInt32(2));
            }
        }
        for (var i = 0; i < group.Count; i++)
        {
            group[i].Result.TrySetResult(rows.TryGetValue(i + 1, out var row) ? (true, row.Payload, row.Version) : (false, null, 0));
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var write = Write(stateName, grainId, grainState.ETag, Serializer.Serialize(grainState.State).ToArray());
        await CommitAsync(write, (grainState.State as IJournaledState)?.Outgoing, grainState.ETag);
        grainState.ETag = write.NewVersion.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var write = Write(stateName, grainId, grainState.ETag, payload: null);
        await CommitAsync(write, delivery: null, grainState.ETag);
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = write.NewVersion.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = false;
    }

    private async Task CommitAsync(GrainStateWrite write, JournalDelivery? delivery, string? etag)
    {
        try
        {
            await journal.CommitAsync(write, delivery);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresEntityJournal.VersionConflict)
        {
            throw new InconsistentStateException(ex.MessageText, "unknown", etag ?? "none");
        }
    }

    private GrainStateWrite Write(string stateName, GrainId grainId, string? etag, byte[]? payload)
    {
        var (n0, n1, extension) = KeyOf(grainId);
        int? expected = etag is null ? null : int.Parse(etag, CultureInfo.InvariantCulture);
        return new GrainStateWrite(ServiceId, stateName, n0, n1, extension, expected, payload);
    }

    /// <summary>
    /// The row key parts the ADO.NET provider gives a grain id (and so the rows already stored have): a Guid
    /// key's two halves, an integer key as N1, anything else as the extension string; tried in that order.
    /// </summary>
    public static (long N0, long N1, string? Extension) KeyOf(GrainId grainId)
    {
        if (grainId.TryGetGuidKey(out var guid, out var guidExtension))
        {
            var bytes = guid.ToByteArray();
            return (BitConverter.ToInt64(bytes, 0), BitConverter.ToInt64(bytes, 8), guidExtension);
        }
        if (grainId.TryGetIntegerKey(out var integer, out var integerExtension)) return (0, integer, integerExtension);
        return (0, 0, grainId.Key.ToString());
    }
}

/// <summary>One grain's state to read and, once its group has been read, whether a row was there, its payload and version.</summary>
internal sealed record PendingRead(string StateName, long N0, long N1, string? Extension)
{
    public TaskCompletionSource<(bool Found, byte[]? Payload, int Version)> Result { get; } =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
}
