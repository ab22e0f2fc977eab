using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Domains.Migrator;
using Npgsql;

namespace Domains.Tests.Fixtures;

/// <summary>
/// One real PostgreSQL server per test run, started through <c>ops/pg</c> (the same script as
/// <c>ops/run</c>) in a fresh folder on a free port, and stopped when the test process exits. Each
/// cluster of the run gets its own database, migrated like production.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _dir;
    private readonly string _baseConnectionString;

    /// <summary>The login roles' passwords on this server (roles belong to the server, not to a database).</summary>
    private readonly Dictionary<string, string> _passwords = DatabaseRoles.Logins.ToDictionary(role => role, _ => DatabaseRoles.NewPassword());
    private readonly Lock _migrating = new();
    private bool _passwordsSet;

    private PostgresServer(string dir, string baseConnectionString)
    {
        _dir = dir;
        _baseConnectionString = baseConnectionString;
    }

    public static PostgresServer Instance => Shared.Value;

    /// <summary>
    /// The run's domain data server (DATAPLANE.md §1): a second real server, as <c>ops/run</c> starts one
    /// under <c>DATA/domain-data</c>; every test database gets a data database of its own on it.
    /// </summary>
    public static PostgresServer Data => SharedData.Value;

    private static readonly Lazy<PostgresServer> SharedData = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The owner's connection string to the server's <c>postgres</c> database.</summary>
    public string Admin => new NpgsqlConnectionStringBuilder(_baseConnectionString) { Database = "postgres" }.ConnectionString;

    /// <summary>Creates and prepares a fresh data database; returns the owner's and the driver's connection strings.</summary>
    public (string Admin, string Provisioner) CreateDataDatabase(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];
        var admin = new NpgsqlConnectionStringBuilder(_baseConnectionString) { Database = name }.ConnectionString;
        lock (_migrating)
        {
            DataServerMigrations.Apply(admin, _passwordsSet ? null : _passwords[DatabaseRoles.Provisioner]);
            _passwordsSet = true;
        }
        LoadSampleData(admin);
        return (admin, DatabaseRoles.ConnectionString(admin, DatabaseRoles.Provisioner, _passwords[DatabaseRoles.Provisioner]));
    }

    /// <summary>A server of the caller's own (for tests that stop and start PostgreSQL itself).</summary>
    public static PostgresServer StartPrivate(string? listen = null, string? allow = null) => Start(listen, allow);

    /// <summary>Stops the server (fast shutdown: sessions are cut, as in an outage).</summary>
    public void StopServer() => RunPg("stop", "--dir", _dir);

    /// <summary>Starts the stopped server again on the same folder and port.</summary>
    public void StartServer() => RunPg("start", "--dir", _dir, "--port", new NpgsqlConnectionStringBuilder(_baseConnectionString).Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--fast");

    /// <summary>Creates and migrates a fresh database; returns the owner's connection string and each role's.</summary>
    public TestDatabase CreateDatabase(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];
        var admin = new NpgsqlConnectionStringBuilder(_baseConnectionString) { Database = name }.ConnectionString;
        // One migration at a time: the first makes the server's roles, and concurrent ALTER ROLEs collide.
        lock (_migrating)
        {
            Migrations.Apply(admin, rolePasswords: _passwordsSet ? null : _passwords);
            _passwordsSet = true;
        }
        string Role(string role, string? database = null) => DatabaseRoles.ConnectionString(admin, role, _passwords[role], database);
        var data = Data.CreateDataDatabase("data");
        return new TestDatabase(admin, Role(DatabaseRoles.Silo), Role(DatabaseRoles.Api), Role(DatabaseRoles.Checkpointer),
            Role(DatabaseRoles.Auditor), Role(DatabaseRoles.Provisioner, $"{name}_workspaces"))
        {
            Console = Role(DatabaseRoles.Console),
            DataAdmin = data.Admin,
            DataServer = data.Provisioner,
        };
    }

    /// <summary>The sample tables of <c>ops/run --sample-data</c> (the same script): the datasets the tests catalogue.</summary>
    public static void LoadSampleData(string ownerConnectionString)
    {
        using var connection = new NpgsqlConnection(ownerConnectionString);
        connection.Open();
        using var load = new NpgsqlCommand(File.ReadAllText(System.IO.Path.Combine(RepoRoot.Path, "ops", "sql", "sample-data", "public_data.sql")), connection);
        load.ExecuteNonQuery();
    }

    private static PostgresServer Start() => Start(null, null);

    private static PostgresServer Start(string? listen, string? allow)
    {
        // Under ops/test's own folder when it runs the tests: it stops what is left there, since a test host ended
        // by the runner does not always get to its exit handlers (servers of earlier runs stayed up, 230 MB each).
        var root = Environment.GetEnvironmentVariable("DOMAINS_TEST_PG_ROOT") is { Length: > 0 } given ? given : System.IO.Path.GetTempPath();
        var dir = System.IO.Path.Combine(root, $"domains-test-pg-{Guid.NewGuid():N}"[..30]);
        var port = FreePort();
        var args = new List<string> { "start", "--dir", dir, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--fast" };
        if (listen is not null) args.AddRange(["--listen", listen]);
        if (allow is not null) args.AddRange(["--allow", allow]);
        var connectionString = RunPg([.. args]).Trim();
        var server = new PostgresServer(dir, connectionString);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    private void Stop()
    {
        try
        {
            RunPg("stop", "--dir", _dir);
            Directory.Delete(_dir, recursive: true);
        }
        catch (Exception)
        {
            // The process is exiting: a folder left under /tmp is not worth failing for.
        }
    }

    private static string RunPg(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(System.IO.Path.Combine(RepoRoot.Path, "ops", "pg"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) throw new TimeoutException("ops/pg did not finish");
        if (process.ExitCode != 0) throw new InvalidOperationException($"ops/pg {args[0]} failed: {stderr.Result}");
        return stdout.Result;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
