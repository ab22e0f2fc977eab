using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Domains.Migrator;
using Npgsql;

namespace Domains.Tests.Usage;

/// <summary>
/// A data server as DATAPLANE.md §1 has it, once per test run: a second PostgreSQL through <c>ops/pg
/// --usage-log</c>, with the workspace driver's login (<c>domains_provisioner</c>, as migrations 0060 and
/// 0070 make it on the controller's) and the usage-log reader (<c>sql/dataserver</c>).
/// </summary>
public sealed class UsageDataServer
{
    private static readonly Lazy<UsageDataServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _dir;

    private UsageDataServer(string dir, string owner, string provisionerPassword, string readerPassword)
    {
        _dir = dir;
        Owner = owner;
        ProvisionerPassword = provisionerPassword;
        Reader = UsageLogReader.ConnectionString(owner, readerPassword);
    }

    public static UsageDataServer Instance => Shared.Value;

    /// <summary>The data server's owner, database <c>postgres</c> (the tests' own reads and tenant roles).</summary>
    public string Owner { get; }

    /// <summary>The collector's login.</summary>
    public string Reader { get; }

    private string ProvisionerPassword { get; }

    /// <summary>The driver's login, in a workspace database of the caller's.</summary>
    public string Provisioner(string database) =>
        new NpgsqlConnectionStringBuilder(Owner) { Username = DatabaseRoles.Provisioner, Password = ProvisionerPassword, Database = database }.ConnectionString;

    private static UsageDataServer Start()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"domains-test-data-{Guid.NewGuid():N}"[..32]);
        var port = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var owner = new NpgsqlConnectionStringBuilder(RunPg("start", "--dir", dir, "--port", port, "--fast", "--usage-log").Trim())
        {
            Database = "postgres",
        }.ConnectionString;
        var provisioner = DatabaseRoles.NewPassword();
        using (var connection = new NpgsqlConnection(owner))
        {
            connection.Open();
            using var cmd = new NpgsqlCommand($"""
                SET log_statement = 'none';
                CREATE ROLE {DatabaseRoles.Provisioner} LOGIN NOSUPERUSER CREATEDB CREATEROLE PASSWORD '{DatabaseRoles.ScramVerifier(provisioner)}';
                GRANT pg_signal_backend TO {DatabaseRoles.Provisioner};
                CREATE ROLE domains_workspace_users NOLOGIN;
                GRANT domains_workspace_users TO {DatabaseRoles.Provisioner} WITH ADMIN OPTION;
                """, connection);
            cmd.ExecuteNonQuery();
        }
        var reader = DatabaseRoles.NewPassword();
        UsageLogReader.Apply(owner, reader);
        var server = new UsageDataServer(dir, owner, provisioner, reader);
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
        start.ArgumentList.Add(Path.Combine(Fixtures.RepoRoot.Path, "ops", "pg"));
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
