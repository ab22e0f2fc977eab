using Domains.Grains.Drivers.Postgres;
using System.Security.Cryptography;
using Npgsql;

namespace Domains.Migrator;

/// <summary>
/// The login roles of <c>sql/migrations/0060_create_login_roles.sql</c>, one per process, and how their
/// passwords are set: as SCRAM-SHA-256 verifiers computed here, so the clear password never reaches the
/// server (nor its statement log) and pg_authid holds only what PostgreSQL would have made of it.
/// </summary>
public static class DatabaseRoles
{
    public const string Silo = "domains_silo";
    public const string Api = "domains_api";
    public const string Checkpointer = "domains_checkpointer";
    public const string Auditor = "domains_auditor";
    public const string Provisioner = "domains_provisioner";
    public const string Console = "domains_console";

    /// <summary>Every login role the migrator may set a password for; a file of another name is refused.</summary>
    public static readonly IReadOnlyList<string> Logins = [Silo, Api, Checkpointer, Auditor, Provisioner, Console];

    private static readonly char[] Alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".ToCharArray();

    /// <summary>A new random password (32 characters, about 186 bits).</summary>
    public static string NewPassword() => RandomNumberGenerator.GetString(Alphabet, 32);

    /// <summary>The connection string of <paramref name="role"/>: the admin's, with the role's login (and another database if given).</summary>
    public static string ConnectionString(string adminConnectionString, string role, string password, string? database = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { Username = role, Password = password };
        if (database is not null) builder.Database = database;
        return builder.ConnectionString;
    }

    /// <summary>Reads <c>DIR/&lt;role&gt;.password</c> for every login role that has one.</summary>
    public static IReadOnlyDictionary<string, string> ReadPasswords(string directory)
    {
        var passwords = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var role in Logins)
        {
            var path = Path.Combine(directory, role + ".password");
            if (File.Exists(path)) passwords[role] = File.ReadAllText(path).Trim();
        }
        return passwords;
    }

    /// <summary>Sets each role's password (a role must be one of <see cref="Logins"/>, a password not empty).</summary>
    public static void SetPasswords(string adminConnectionString, IReadOnlyDictionary<string, string> passwords)
    {
        using var connection = new NpgsqlConnection(adminConnectionString);
        connection.Open();
        foreach (var (role, password) in passwords)
        {
            if (!Logins.Contains(role)) throw new ArgumentException($"{role} is not a Domains login role.", nameof(passwords));
            if (string.IsNullOrEmpty(password) || password.Any(c => c is < '!' or > '~'))
            {
                throw new ArgumentException($"The password of {role} must be printable ASCII and not empty.", nameof(passwords));
            }
            // DDL takes no parameters; the role is one of ours and the verifier is base64 and '$:' only.
            Execute(connection, $"ALTER ROLE {role} PASSWORD '{ScramVerifier.For(password)}'");
        }
    }

    /// <summary>
    /// Before these roles the workspace driver ran as the owner: the workspace database it made under its
    /// default name (<c>{database}_workspaces</c>, on this server) and the workspaces' login roles are the
    /// owner's. The database passes to <see cref="Provisioner"/>, which runs the driver now; the roles stay
    /// unowned by it (CREATEROLE and pg_signal_backend suffice, migration 0070); repeating this changes nothing.
    /// </summary>
    public static void AdoptWorkspaces(string adminConnectionString)
    {
        var workspaces = $"{new NpgsqlConnectionStringBuilder(adminConnectionString).Database}_workspaces";
        using var connection = new NpgsqlConnection(adminConnectionString);
        connection.Open();
        using (var owner = new NpgsqlCommand("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = @name", connection))
        {
            owner.Parameters.AddWithValue("name", workspaces);
            if (owner.ExecuteScalar() is string current && current != Provisioner)
            {
                Execute(connection, $"ALTER DATABASE {Quote(workspaces)} OWNER TO {Provisioner}");
            }
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
