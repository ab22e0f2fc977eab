using System.Data.Common;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Audit;
using Npgsql;
using NpgsqlTypes;

namespace Domains.Grains.Journal;

/// <summary>Typed, nullable parameters and instant reads, so every query is parameterised the same way.</summary>
public static class Sql
{
    public static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Instant(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = (object?)value?.UtcDateTime ?? DBNull.Value };

    public static NpgsqlParameter TextArray(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };

    public static NpgsqlParameter InstantArray(string name, IEnumerable<DateTimeOffset> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = values.Select(v => v.UtcDateTime).ToArray() };

    /// <summary>An audit event's change digest as its <c>changes</c> column holds it.</summary>
    public static string ChangesJson(AuditChanges changes) => ViewJson.Serialize(changes);

    public static AuditChanges? ReadChanges(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ViewJson.Deserialize<AuditChanges>(reader.GetString(ordinal));

    public static DateTimeOffset ReadInstant(DbDataReader reader, int ordinal) =>
        new(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc), TimeSpan.Zero);
}
