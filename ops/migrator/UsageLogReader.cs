using System.Reflection;
using Npgsql;

namespace Domains.Migrator;

/// <summary>
/// Prepares a domain's data server for the usage-log collector (<c>sql/dataserver/usage_log_reader.sql</c>):
/// its login <see cref="Role"/> and the two functions it reads the server's log through. The password is
/// set as a SCRAM verifier, and the session setting it logs no statement.
/// </summary>
public static class UsageLogReader
{
    public const string Role = "domains_usage_reader";

    /// <summary>Applies the script as the data server's owner (<paramref name="ownerConnectionString"/>) and sets the reader's password.</summary>
    public static void Apply(string ownerConnectionString, string password)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("dataserver/usage_log_reader.sql")
            ?? throw new InvalidOperationException("The data server script is not embedded.");
        using var text = new StreamReader(stream);
        var script = text.ReadToEnd();
        using var connection = new NpgsqlConnection(ownerConnectionString);
        connection.Open();
        Execute(connection, "SET log_statement = 'none'");
        // Two migrators on one server take turns (CREATE OR REPLACE FUNCTION collides otherwise).
        Execute(connection, "SELECT pg_advisory_lock(hashtext('domains-usage-log-reader'))");
        try
        {
            Execute(connection, script);
            Execute(connection, $"ALTER ROLE {Role} PASSWORD '{DatabaseRoles.ScramVerifier(password)}'");
        }
        finally
        {
            Execute(connection, "SELECT pg_advisory_unlock(hashtext('domains-usage-log-reader'))");
        }
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
