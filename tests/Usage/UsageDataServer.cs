using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Domains.Migrator;
using Npgsql;

namespace Domains.Tests.Usage;

/// <summary>
/// A data server as DATAPLANE.md §1 has it, once per test run: a second PostgreSQL through <c>ops/pg
/// --usage-log</c> (the suite's shared data server logs no usage), prepared as <c>ops/run</c> prepares its
/// own (<c>Domains.Migrator --data-server</c>: the driver's login, the usage-log reader).
/// </summary>
public sealed class UsageDataServer
{
    private static readonly Lazy<UsageDataServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _dir;

    private UsageDataServer(string dir, string owner, string provisionerPassword, string readerPassword)
    {
        _dir = dir;
        Owner = owner;
        Provisioner = DatabaseRoles.ConnectionString(owner, DatabaseRoles.Provisioner, provisionerPassword);
        Reader = UsageLogReader.ConnectionString(owner, readerPassword);
    }

    public static UsageDataServer Instance => Shared.Value;

    /// <summary>The data server's owner, in the data database (the tests' own reads and tenant roles).</summary>
    public string Owner { get; }

    /// <summary>The workspace driver's login (<c>Workspaces:DataServers:Default</c>).</summary>
    public string Provisioner { get; }

    /// <summary>The collector's login (<c>UsageLog:Servers:*</c>).</summary>
    public string Reader { get; }

    private static UsageDataServer Start()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"domains-test-data-{Guid.NewGuid():N}"[..32]);
        var port = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var owner = new NpgsqlConnectionStringBuilder(RunPg("start", "--dir", dir, "--port", port, "--fast", "--usage-log").Trim())
        {
            Database = "usage_data",
        }.ConnectionString;
        var provisioner = DatabaseRoles.NewPassword();
        var reader = DatabaseRoles.NewPassword();
        DataServerMigrations.Apply(owner, provisioner);
        Domains.Tests.Fixtures.PostgresServer.LoadSampleData(owner);
        UsageLogReader.SetPassword(owner, reader);
        using (var connection = new NpgsqlConnection(owner))
        {
            // The sample tables of ops/run --sample-data (the same script): the datasets the tests catalogue.
            connection.Open();
            using var load = new NpgsqlCommand(File.ReadAllText(Path.Combine(Fixtures.RepoRoot.Path, "ops", "sql", "sample-data", "public_data.sql")), connection);
            load.ExecuteNonQuery();
        }
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
