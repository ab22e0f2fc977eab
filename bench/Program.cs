using System.Diagnostics;
using System.Text.Json;
using Domains.Bench;
using Domains.Migrator;
using Domains.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

// Usage: Domains.Bench <connection string> <results.json> [--quick]
// Figures go to standard output as name<TAB>value<TAB>unit (progress to standard error) and to results.json
// with the machine description. The silo runs in this process with the manual business clock, so the
// deadline scenario can jump it; every other scenario runs at the instant it starts at.
// `Domains.Bench load ...` is the HTTP scenario's load generator, started by it as another process.
if (args is ["load", ..]) return await LoadGenerator.RunAsync(args[1..]);
var connectionString = args[0];
var resultsPath = args[1];
var quick = args.Contains("--quick");
Migrations.Apply(connectionString);

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:Domains"] = connectionString,
    ["Orleans:ClusterId"] = $"bench-{Guid.NewGuid():N}"[..14],
    ["Clock:Mode"] = "manual",
});
builder.UseOrleans(silo =>
{
    silo.AddDomainsSilo(builder.Configuration, isProduction: false);
    silo.ConfigureEndpoints(System.Net.IPAddress.Loopback, 11311, 30311);
});
using var host = builder.Build();
await host.StartAsync();
var bench = new Bench(host.Services, host.Services.GetRequiredService<IGrainFactory>(), connectionString, quick);
var total = Stopwatch.StartNew();

var world = new World(bench.Grains);
var now = DateTimeOffset.UtcNow;
await world.PrepareAsync(now);
var workspaceCount = 10_000;
Bench.Progress($"setting up {workspaceCount} active authorizations with their workspaces");
var setup = Stopwatch.StartNew();
var active = await world.ActiveWorkspacesAsync(workspaceCount, concurrency: 64, now);
bench.Report("setup_active_workspaces_per_s", workspaceCount / setup.Elapsed.TotalSeconds, "1/s");

Bench.Progress("access decisions through grain calls");
await AccessGrainBench.RunAsync(bench, active);
Bench.Progress("suspensions with an open workspace session");
await SessionKillBench.RunAsync(bench, active.Take(quick ? 100 : 300).ToList());
Bench.Progress("access decisions and suspensions over HTTP");
await HttpBench.RunAsync(bench, active, toSuspend: active.Skip(1_000).Take(HttpBench.Suspensions).ToList());
Bench.Progress("audit verification");
await AuditVerifyBench.RunAsync(bench);

await host.StopAsync();
bench.Report("bench_total_s", total.Elapsed.TotalSeconds, "s");
await using (var db = NpgsqlDataSource.Create(connectionString))
{
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
return 0;
