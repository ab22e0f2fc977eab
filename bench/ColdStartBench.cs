using System.Diagnostics;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Domains;
using Npgsql;

namespace Domains.Bench;

/// <summary>
/// <c>cold_start_s</c>: <c>ops/run</c> from its start to its "ready" line (its <c>/readyz</c> answering) on
/// the data the other scenarios left, PostgreSQL stopped first so that its start counts too. The build is
/// excluded: <c>ops/bench</c> builds <c>ops/run</c>'s output beforehand and this starts it with <c>--no-build</c>.
/// </summary>
public static class ColdStartBench
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The stored entities ops/run starts on, at least.</summary>
    public const int StoredEntities = 100_000;

    private static readonly CommandContext Authority = CommandContext.For(new Actor("bench-authority", Role.Authority));

    /// <summary>
    /// Tops the stored entities up to <see cref="StoredEntities"/> with registered domains (one transition
    /// each), while the bench's silo still runs; the quick run's other scenarios leave fewer.
    /// </summary>
    public static async Task FillAsync(Bench bench)
    {
        var missing = StoredEntities - await CountStoredAsync(bench);
        if (missing <= 0) return;
        Bench.Progress($"registering {missing} domains, so that {StoredEntities} entities are stored");
        var prefix = $"bench-fill-{Guid.NewGuid():N}"[..20];
        await Parallel.ForAsync(0L, missing, new ParallelOptions { MaxDegreeOfParallelism = TransitionsBench.Concurrency }, async (i, _) =>
        {
            var registered = await bench.Grains.GetGrain<IDomainGrain>($"{prefix}-{i}")
                .RegisterAsync(new DomainDefinition("Bench fill", DomainLevel.City, "350100", "v1"), Authority);
            if (registered.Error is { } error) throw new InvalidOperationException($"{error.Code}: {error.Detail}");
        });
    }

    private static async Task<long> CountStoredAsync(Bench bench)
    {
        await using var db = NpgsqlDataSource.Create(bench.ConnectionString);
        await using var cmd = db.CreateCommand("SELECT count(*) FROM orleansstorage");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <param name="run">The path of <c>ops/run</c> (<c>ops/pg</c> is beside it).</param>
    /// <param name="data">ops/run's data folder, whose <c>postgres</c> folder holds the bench's server.</param>
    public static async Task RunAsync(Bench bench, string run, string data, int pgPort)
    {
        var entities = await CountStoredAsync(bench);
        NpgsqlConnection.ClearAllPools();
        var pg = Path.Combine(Path.GetDirectoryName(run)!, "pg");
        await RunToEndAsync(pg, "stop", "--dir", Path.Combine(data, "postgres"));

        var ports = 20_000 + Random.Shared.Next(10_000);
        var start = new ProcessStartInfo(run)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["DOMAINS_SILO_PORT"] = $"{ports}",
                ["DOMAINS_GATEWAY_PORT"] = $"{ports + 100}",
                ["DOMAINS_METRICS_PORT"] = "0",
            },
        };
        foreach (var arg in new[] { "--no-build", "--no-restart", "--clock", "manual", "--data", data, "--pg-port", $"{pgPort}", "--port", $"{ports + 200}" })
        {
            start.ArgumentList.Add(arg);
        }

        var ready = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.StartsWith("ready ", StringComparison.Ordinal) == true) ready.TrySetResult(clock.Elapsed);
        };
        process.ErrorDataReceived += (_, line) => { if (line.Data is { } text) Bench.Progress($"ops/run: {text}"); };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"ops/run exited ({process.ExitCode}) before it was ready."));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var elapsed = await ready.Task.WaitAsync(ReadyTimeout);
            bench.Report("cold_start_s", elapsed.TotalSeconds, "s");
            bench.Report("cold_start_entities", entities, "count");
        }
        finally
        {
            // ops/run stops its processes and PostgreSQL on SIGTERM; the server is started again for what follows.
            await RunToEndAsync("kill", "-TERM", $"{process.Id}");
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            await RunToEndAsync(pg, "start", "--dir", Path.Combine(data, "postgres"), "--port", $"{pgPort}");
        }
    }

    private static async Task RunToEndAsync(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true })!;
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}.");
    }
}
