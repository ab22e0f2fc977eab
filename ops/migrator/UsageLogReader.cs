using Domains.Grains.Drivers.Postgres;
using Npgsql;

namespace Domains.Migrator;

/// <summary>
/// The usage-log collector's login on a domain's data server (<c>sql/data-server/0080</c> makes it and the
/// two functions it reads the server's log through): its password, set as a SCRAM verifier by a session
/// that logs no statement.
/// </summary>
public static class UsageLogReader
{
    public const string Role = "domains_usage_reader";

    /// <summary>Sets the reader's password, as the data server's owner (after <see cref="DataServerMigrations.Apply"/>).</summary>
    public static void SetPassword(string ownerConnectionString, string password)
    {
        if (string.IsNullOrEmpty(password) || password.Any(c => c is < '!' or > '~'))
        {
            throw new ArgumentException($"The password of {Role} must be printable ASCII and not empty.", nameof(password));
        }
        using var connection = new NpgsqlConnection(ownerConnectionString);
        connection.Open();
        Execute(connection, "SET log_statement = 'none'");
        Execute(connection, $"ALTER ROLE {Role} PASSWORD '{ScramVerifier.For(password)}'");
    }

    /// <summary>Reads <c>DIR/domains_usage_reader.password</c>, if there is one.</summary>
    public static string? ReadPassword(string directory)
    {
        var path = Path.Combine(directory, Role + ".password");
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    /// <summary>The reader's connection string: the owner's server and database with the reader's login.</summary>
    public static string ConnectionString(string ownerConnectionString, string password) =>
        new NpgsqlConnectionStringBuilder(ownerConnectionString) { Username = Role, Password = password, MaxPoolSize = 4 }.ConnectionString;

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
