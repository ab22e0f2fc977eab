using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Domains.Bench;

/// <summary>
/// <c>domain_suspend_*</c>: a domain of its own with <see cref="Workspaces"/> active workspaces, each with an open
/// session on the data server; <c>POST /v1/domains/{id}/suspend</c> over the real API until its 200 (every login
/// closed and every session ended before it). After each 200 the data server must list no session of the domain's
/// roles and refuse a login; the resumption follows (<c>domain_resume_*</c>) and the sessions are opened again for
/// the next cycle. The first cycles warm the path up and are not counted.
/// </summary>
public static class DomainSuspendBench
{
    public const int Workspaces = 1_000;
    private const int WarmUpCycles = 2;
    private const int SessionConcurrency = 32;
    private const string SuspendBody = """{"reason":"bench"}""";

    /// <param name="dataServer">The data server owner's connection string: the check of surviving sessions.</param>
    public static async Task RunAsync(Bench bench, string dataServer, DateTimeOffset now)
    {
        var cycles = bench.Quick ? 30 : 100;
        var world = new World(bench.Grains);
        await world.PrepareAsync(now);
        Bench.Progress($"domain suspension: {Workspaces} workspaces in domain {world.DomainId}");
        var workspaces = await world.ActiveWorkspacesAsync(Workspaces, concurrency: 64, now);
        var logins = new string[workspaces.Count];
        await Parallel.ForAsync(0, workspaces.Count, new ParallelOptions { MaxDegreeOfParallelism = SessionConcurrency },
            async (i, _) => logins[i] = await SessionKillBench.SessionOfAsync(bench, workspaces[i]));
        var roles = logins.Select(l => new NpgsqlConnectionStringBuilder(l).Username!).ToArray();

        var key = RandomNumberGenerator.GetBytes(32);
        await using var api = await HttpBench.StartApiAsync(bench, key);
        var baseUrl = api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var supervisor = HttpBench.Client(baseUrl, HttpBench.Token(key, GrainInterfaces.Role.Supervisor), 1);
        await using var owner = NpgsqlDataSource.Create(dataServer);

        var suspends = new List<double>();
        var resumes = new List<double>();
        for (var cycle = 0; cycle < WarmUpCycles + cycles; cycle++)
        {
            var sessions = await OpenAllAsync(logins);
            try
            {
                var open = await SessionsOfAsync(owner, roles);
                if (open != roles.Length) throw new InvalidOperationException($"{open} of {roles.Length} workspace sessions open before the suspension.");

                var suspended = await TimedPostAsync(supervisor, $"/v1/domains/{world.DomainId}/suspend");
                var surviving = await SessionsOfAsync(owner, roles);
                if (surviving > 0) throw new InvalidOperationException($"{surviving} sessions of the domain's roles survived its suspension's 200.");
                await AssertLoginRefusedAsync(logins[cycle % logins.Length]);
                var resumed = await TimedPostAsync(supervisor, $"/v1/domains/{world.DomainId}/resume");
                if (cycle < WarmUpCycles) continue;
                suspends.Add(suspended);
                resumes.Add(resumed);
            }
            finally
            {
                foreach (var session in sessions) await session.DisposeAsync();
            }
        }
        bench.Report("domain_suspend_p50_ms", Stats.Percentile(suspends, 0.50), "ms");
        bench.Report("domain_suspend_p99_ms", Stats.Percentile(suspends, 0.99), "ms");
        bench.Report("domain_suspend_samples", suspends.Count, "count");
        bench.Report("domain_suspend_workspaces", Workspaces, "count");
        bench.Report("domain_resume_p99_ms", Stats.Percentile(resumes, 0.99), "ms");
    }

    private static async Task<double> TimedPostAsync(HttpClient client, string path)
    {
        var start = Stopwatch.GetTimestamp();
        using var reply = await client.PostAsync(path, new StringContent(SuspendBody, System.Text.Encoding.UTF8, "application/json"));
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (reply.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"POST {path}: {(int)reply.StatusCode} {await reply.Content.ReadAsStringAsync()}");
        }
        return elapsed;
    }

    /// <summary>One live session per login (each has run a statement), <see cref="SessionConcurrency"/> opened at a time.</summary>
    private static async Task<List<NpgsqlConnection>> OpenAllAsync(IReadOnlyList<string> logins)
    {
        var sessions = new NpgsqlConnection[logins.Count];
        await Parallel.ForAsync(0, logins.Count, new ParallelOptions { MaxDegreeOfParallelism = SessionConcurrency }, async (i, _) =>
        {
            var session = new NpgsqlConnection(logins[i]);
            await session.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT 1", session);
            await cmd.ExecuteScalarAsync();
            sessions[i] = session;
        });
        return [.. sessions];
    }

    private static async Task<long> SessionsOfAsync(NpgsqlDataSource owner, string[] roles)
    {
        await using var cmd = owner.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE usename = ANY(@roles)");
        cmd.Parameters.AddWithValue("roles", roles);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task AssertLoginRefusedAsync(string login)
    {
        try
        {
            await using var session = new NpgsqlConnection(login);
            await session.OpenAsync();
        }
        catch (PostgresException refused) when (refused.SqlState == PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            return;
        }
        throw new InvalidOperationException("A workspace of the suspended domain could still log in.");
    }
}
