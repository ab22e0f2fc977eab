using System.Diagnostics;
using System.Text.Json;
using Domains.Bench;
using Domains.Migrator;
using Domains.ServiceDefaults;
using Domains.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

// Usage: Domains.Bench <results.json> [--quick] [--workspaces N] [--steps N,N…] [--deadlines-only] [--domain-suspend-only] [--run ops/run --run-data DIR --pg-port PORT]
// (--workspaces and --steps shrink the 10k workspaces and the notices of the figures' definition, for working on the bench itself)
// Figures go to standard output as name<TAB>value<TAB>unit (progress to standard error) and to results.json
// with the machine description. The silo runs in this process with the manual business clock, so the
// deadline scenario can jump it; every other scenario runs at the instant it starts at.
// `Domains.Bench load ...` is the HTTP scenario's load generator, started by it as another process.
// The owner's connection string comes from ConnectionStrings__Domains, never the command line; the silo
// and the API run with their own login roles, as ops/run starts them.
if (args is ["load", ..]) return await LoadGenerator.RunAsync(args[1..]);
var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Domains")
    ?? throw new InvalidOperationException("ConnectionStrings__Domains is not set.");
var resultsPath = args[0];
var quick = args.Contains("--quick");
string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var passwords = DatabaseRoles.Logins.ToDictionary(role => role, _ => DatabaseRoles.NewPassword());
Migrations.Apply(connectionString, rolePasswords: passwords);
// The domains' data server (DATAPLANE.md §1), a second server ops/bench starts: the workspaces live there.
var dataServer = Environment.GetEnvironmentVariable("DOMAINS_DATA_SERVER")
    ?? throw new InvalidOperationException("DOMAINS_DATA_SERVER (the data server owner's connection string) is not set.");
DataServerMigrations.Apply(dataServer, passwords[DatabaseRoles.Provisioner]);
await using (var sample = new NpgsqlConnection(dataServer))
{
    // The sample tables ops/run --sample-data loads: the bench's catalogue names one.
    await sample.OpenAsync();
    var script = Path.Combine(AppContext.BaseDirectory, "..", "..", "ops", "sql", "sample-data", "public_data.sql");
    await using var load = new NpgsqlCommand(await File.ReadAllTextAsync(script), sample);
    await load.ExecuteNonQueryAsync();
}
// The usage-log collector's login on it (ops/bench starts the data server with --usage-log).
var usageReaderPassword = DatabaseRoles.NewPassword();
UsageLogReader.SetPassword(dataServer, usageReaderPassword);

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:Domains"] = DatabaseRoles.ConnectionString(connectionString, DatabaseRoles.Silo, passwords[DatabaseRoles.Silo]),
    ["Workspaces:DataServers:Default"] = DatabaseRoles.ConnectionString(dataServer, DatabaseRoles.Provisioner, passwords[DatabaseRoles.Provisioner]),
    ["UsageLog:Servers:default"] = UsageLogReader.ConnectionString(dataServer, usageReaderPassword),
    ["Orleans:ClusterId"] = $"bench-{Guid.NewGuid():N}"[..14],
    ["Clock:Mode"] = "manual",
});
// Telemetry as the silo host has it (silo/Program.cs), so its cost is in the figures.
builder.AddDomainsTelemetry("domains-silo");
builder.UseOrleans(silo =>
{
    silo.AddDomainsSilo(builder.Configuration, isProduction: false);
    // --dashboard: the Orleans Dashboard's services and grain-call profiling, as the console's /ops would need them.
    if (args.Contains("--dashboard")) Orleans.Dashboard.ServiceCollectionExtensions.AddDashboard(silo);
    silo.ConfigureEndpoints(System.Net.IPAddress.Loopback, 11311, 30311);
    // Idle grains leave memory as in a long-running silo, so a million notices fit and the catch-up reactivates them.
    silo.Configure<Orleans.Configuration.GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromMinutes(2));
});
using var host = builder.Build();
await host.StartAsync();
var bench = new Bench(host.Services, host.Services.GetRequiredService<IGrainFactory>(), connectionString, quick)
{
    ApiConnectionString = DatabaseRoles.ConnectionString(connectionString, DatabaseRoles.Api, passwords[DatabaseRoles.Api]),
};
var total = Stopwatch.StartNew();

var world = new World(bench.Grains);
var now = DateTimeOffset.UtcNow;
await world.PrepareAsync(now);
// --deadlines-only: the transitions that leave notices to close and the clock jump over them, nothing else
// (a targeted A/B of deadline_catchup_per_s).
if (args.Contains("--deadlines-only"))
{
    Bench.Progress("durable transitions against raw upserts");
    await TransitionsAndDeadlinesAsync();
    await host.StopAsync();
    bench.Report("bench_total_s", total.Elapsed.TotalSeconds, "s");
    await WriteResultsAsync();
    return 0;
}
if (args.Contains("--domain-suspend-only"))
{
    // For work on this figure alone: its own domain of 1,000 workspaces with open sessions, nothing else.
    await DomainSuspendBench.RunAsync(bench, dataServer, now);
    await host.StopAsync();
    return 0;
}
var workspaceCount = Option("--workspaces") is { } fewer ? int.Parse(fewer, System.Globalization.CultureInfo.InvariantCulture) : 10_000;
Bench.Progress($"setting up {workspaceCount} active authorizations with their workspaces");
var setup = Stopwatch.StartNew();
var active = await world.ActiveWorkspacesAsync(workspaceCount, concurrency: 64, now);
bench.Report("setup_active_workspaces_per_s", workspaceCount / setup.Elapsed.TotalSeconds, "1/s");

Bench.Progress("memory of active workspace grains");
await MemoryBench.RunAsync(bench, active);
Bench.Progress("access decisions through grain calls");
await AccessGrainBench.RunAsync(bench, active);
// --only-access stops here (a quick A/B of one figure, e.g. with and without --dashboard).
var onlyAccess = args.Contains("--only-access");
if (!onlyAccess)
{
    Bench.Progress("usage log lag: a statement on the data server until it is in the workspace's usage log");
    // Before the session kills, which suspend the first workspaces.
    await UsageLogBench.RunAsync(bench, active.Take(20).ToList(), samples: quick ? 60 : 200);
    if (args.Contains("--usage-log-only"))
    {
        // For work on this figure alone (a targeted A/B): the setup and this scenario, nothing else.
        await host.StopAsync();
        return 0;
    }
    Bench.Progress("suspensions with an open workspace session");
    await SessionKillBench.RunAsync(bench, active.Take(quick ? 100 : 300).ToList());
    Bench.Progress("domain suspensions with 1,000 open workspace sessions");
    await DomainSuspendBench.RunAsync(bench, dataServer, now);
    Bench.Progress("access decisions and suspensions over HTTP");
    await HttpBench.RunAsync(bench, active, toSuspend: active.Skip(1_000).Take(HttpBench.Suspensions).ToList());
    Bench.Progress("audit verification");
    await AuditVerifyBench.RunAsync(bench);
    Bench.Progress("durable transitions against raw upserts");
    await TransitionsAndDeadlinesAsync();
    await ColdStartBench.FillAsync(bench);
}

await host.StopAsync();
if (Option("--run") is { } run && Option("--run-data") is { } runData && Option("--pg-port") is { } pgPort)
{
    Bench.Progress("cold start of ops/run on the data left");
    await ColdStartBench.RunAsync(bench, run, runData, int.Parse(pgPort, System.Globalization.CultureInfo.InvariantCulture));
}
bench.Report("bench_total_s", total.Elapsed.TotalSeconds, "s");
await WriteResultsAsync();
return 0;

async Task WriteResultsAsync()
{
    await using var db = NpgsqlDataSource.Create(connectionString);
    var postgres = (string)(await db.CreateCommand("SHOW server_version").ExecuteScalarAsync())!;
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(resultsPath))!);
    await File.WriteAllTextAsync(resultsPath, JsonSerializer.Serialize(new
    {
        at = DateTimeOffset.UtcNow,
        quick,
        machine = Machine.Describe(postgres),
        figures = bench.Figures.Select(f => new { name = f.Name, value = f.Value, unit = f.Unit }),
    }, new JsonSerializerOptions { WriteIndented = true }));
}

// The transitions scenario leaves notices whose close deadlines the clock jump then catches up on.
async Task TransitionsAndDeadlinesAsync()
{
    // --steps 1000,2000 replaces the scale curve's notice counts (for work on the bench itself).
    IReadOnlyList<int> steps = Option("--steps") is { } given
        ? given.Split(',').Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).ToList()
        : Scale.Steps(quick);
    var transitions = await TransitionsBench.RunAsync(bench, world.DomainId, steps);
    Bench.Progress("deadline catch-up after a clock jump");
    await DeadlineBench.RunAsync(bench, transitions);
}
