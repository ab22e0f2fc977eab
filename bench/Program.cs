using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Domains.Bench;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Authorizations;
using Domains.GrainInterfaces.Workspaces;
using Domains.Migrator;
using Domains.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

// Usage: Domains.Bench <connection string> <results.json> [--quick]
// Figures are printed as name<TAB>value<TAB>unit and written to results.json with the machine description.
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
});
builder.UseOrleans(silo =>
{
    silo.AddDomainsSilo(builder.Configuration, isProduction: false);
    silo.ConfigureEndpoints(System.Net.IPAddress.Loopback, 11311, 30311);
});
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();
var figures = new List<(string Name, double Value, string Unit)>();
void Report(string name, double value, string unit)
{
    figures.Add((name, value, unit));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}\t{value:0.###}\t{unit}"));
}

var world = new World(grains);
var now = DateTimeOffset.UtcNow;
await world.PrepareAsync(now);
var workspaces = quick ? 200 : 1_000;
var setup = Stopwatch.StartNew();
var active = new List<(string Id, string Unit)>();
foreach (var chunk in Enumerable.Range(0, workspaces).Chunk(16))
{
    active.AddRange(await Task.WhenAll(chunk.Select(_ => world.ActiveAuthorizationAsync(now))));
}
Report("setup_active_authorizations_per_s", workspaces / setup.Elapsed.TotalSeconds, "1/s");

// Access decisions through grain calls from the co-hosted client, many concurrent callers.
var duration = TimeSpan.FromSeconds(quick ? 5 : 15);
long decisions = 0, allowed = 0;
var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, 64).Select(worker => Task.Run(async () =>
{
    var random = new Random(worker);
    while (Stopwatch.GetTimestamp() < until)
    {
        var (id, unit) = active[random.Next(active.Count)];
        var decision = await grains.GetGrain<IWorkspaceGrain>(id).DecideAccessAsync(unit, World.Dataset);
        Interlocked.Increment(ref decisions);
        if (decision.Allowed) Interlocked.Increment(ref allowed);
    }
})));
Report("access_grain_per_s", decisions / clock.Elapsed.TotalSeconds, "1/s");
Report("access_grain_allowed_ratio", (double)allowed / decisions, "ratio");

// Suspension → the workspace role's open session terminated, seen from that session.
var kills = new List<double>();
var suspendLatencies = new List<double>();
foreach (var (id, _) in active.Take(quick ? 100 : 200))
{
    var resources = JsonDocument.Parse((await grains.GetGrain<IWorkspaceGrain>(id).GetAsync(Actor.System))!.ResourcesJson!).RootElement;
    var session = new NpgsqlConnectionStringBuilder
    {
        Host = resources.GetProperty("host").GetString(), Port = resources.GetProperty("port").GetInt32(),
        Database = resources.GetProperty("database").GetString(), Username = resources.GetProperty("username").GetString(),
        Password = resources.GetProperty("password").GetString(), Pooling = false,
    };
    await using var connection = new NpgsqlConnection(session.ConnectionString);
    await connection.OpenAsync();
    var killedAt = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
    var sleeper = Task.Run(async () =>
    {
        try
        {
            await using var cmd = new NpgsqlCommand("SELECT pg_sleep(30)", connection);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (Exception)
        {
            killedAt.TrySetResult(Stopwatch.GetTimestamp());
        }
    });
    await Task.Delay(20);
    var start = Stopwatch.GetTimestamp();
    var result = await grains.GetGrain<IAuthorizationGrain>(id).SuspendAsync(new Due(), CommandContext.For(new Actor("bench-supervisor", Role.Supervisor), "bench"));
    var answered = Stopwatch.GetTimestamp();
    if (result.Error is not null) throw new InvalidOperationException(result.Error.Detail);
    var killed = await killedAt.Task.WaitAsync(TimeSpan.FromSeconds(30));
    await sleeper;
    kills.Add(Stopwatch.GetElapsedTime(start, killed).TotalMilliseconds);
    suspendLatencies.Add(Stopwatch.GetElapsedTime(start, answered).TotalMilliseconds);
}
Report("session_kill_p50_ms", Percentile(kills, 0.50), "ms");
Report("session_kill_p99_ms", Percentile(kills, 0.99), "ms");
Report("session_kill_samples", kills.Count, "count");
Report("suspend_grain_p50_ms", Percentile(suspendLatencies, 0.50), "ms");
Report("suspend_grain_p99_ms", Percentile(suspendLatencies, 0.99), "ms");

// Audit verification speed over a log of many short chains (events/s), the work of ops/audit-verify.
await using (var db = NpgsqlDataSource.Create(connectionString))
{
    var journal = new Domains.Grains.Journal.PostgresEntityJournal(db);
    var entities = quick ? 10_000 : 50_000;
    var at = DateTimeOffset.UtcNow;
    foreach (var chunk in Enumerable.Range(0, entities).Chunk(1_000))
    {
        var records = new List<Domains.Grains.Audit.AuditRecord>();
        foreach (var e in chunk)
        {
            string? prev = null;
            for (var v = 1; v <= 5; v++)
            {
                var hash = Domains.Grains.Audit.AuditHasher.Compute("domain", $"bench-audit-{e}", v, "act", v == 1 ? null : "planned", "planned", "bench", "authority", "bench", at, prev);
                records.Add(new("domain", $"bench-audit-{e}", v, "act", v == 1 ? null : "planned", "planned", "bench", "authority", "bench", at, prev, hash));
                prev = hash;
            }
        }
        await journal.AppendAuditAsync(records);
    }
    var verifyClock = Stopwatch.StartNew();
    var verified = await Domains.Grains.Audit.AuditVerifier.VerifyAllAsync(db);
    if (verified.Broken is not null) throw new InvalidOperationException($"chain broken at {verified.BrokenEntity}");
    Report("audit_verify_events", verified.Events, "count");
    Report("audit_verify_events_per_s", verified.Events / verifyClock.Elapsed.TotalSeconds, "1/s");
}

await host.StopAsync();
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(resultsPath))!);
await File.WriteAllTextAsync(resultsPath, JsonSerializer.Serialize(new
{
    at = DateTimeOffset.UtcNow,
    quick,
    machine = new { cores = Environment.ProcessorCount, os = Environment.OSVersion.ToString(), runtime = Environment.Version.ToString() },
    figures = figures.Select(f => new { name = f.Name, value = f.Value, unit = f.Unit }),
}, new JsonSerializerOptions { WriteIndented = true }));
return 0;

static double Percentile(List<double> samples, double p)
{
    var sorted = samples.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
