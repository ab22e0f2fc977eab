using System.Globalization;
using Domains.Grains.Journal;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
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
/// declare their state with <c>[PersistentState(name, StorageNames.Main)]</c> as before.
/// </summary>
public sealed class EntityGrainStorage(NpgsqlDataSource db, IEntityJournal journal, IOptions<ClusterOptions> cluster) : IGrainStorage
{
    private static readonly JsonGrainStorageSerializer Serializer = new();

    private const string ReadSql = """
        SELECT PayloadBinary, Version FROM OrleansStorage
        WHERE RowKey = orleans_storage_key(@service_id, @state_name, @n0, @n1, @extension)
        """;

    private string ServiceId => cluster.Value.ServiceId;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (n0, n1, extension) = KeyOf(grainId);
        await using var cmd = db.CreateCommand(ReadSql);
        cmd.Parameters.AddWithValue("service_id", ServiceId);
        cmd.Parameters.AddWithValue("state_name", stateName);
        cmd.Parameters.AddWithValue("n0", n0);
        cmd.Parameters.AddWithValue("n1", n1);
        cmd.Parameters.Add(new NpgsqlParameter("extension", NpgsqlDbType.Text) { Value = (object?)extension ?? DBNull.Value });
        await using var reader = await cmd.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        var payload = reader.IsDBNull(0) ? null : (byte[])reader.GetValue(0);
        grainState.State = payload is null ? Activator.CreateInstance<T>() : Serializer.Deserialize<T>(BinaryData.FromBytes(payload));
        grainState.ETag = reader.GetInt32(1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = payload is not null;
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
