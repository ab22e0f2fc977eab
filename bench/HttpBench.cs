using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using ApiClaims = Domains.ClientApi.Auth.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Domains.ClientApi;
using Domains.ClientApi.Auth;
using Domains.GrainInterfaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orleans.Configuration;

namespace Domains.Bench;

/// <summary>
/// <c>access_http_*</c>, <c>suspend_*</c>, <c>allows_after_suspend</c>: the real API (an Orleans client of
/// the bench's silo, on loopback) under access decisions from a load generator in another process
/// (<see cref="LoadGenerator"/>), while this process suspends authorizations through it a few at a time.
/// An access decision sent after a suspension of its workspace answered 200 must deny. One decision in
/// eight races a suspension in progress; the <c>access_http_p50/p99</c> figures are of the others (the
/// load over all workspaces), the racing ones are reported apart; <c>access_http_per_s</c> counts all.
/// </summary>
public static class HttpBench
{
    private const int Concurrency = 64;
    private const int ConcurrentSuspensions = 4;
    private const int MeasuredSuspensions = 1_000;

    /// <summary>Suspensions while the load warms up, so the measured ones find the suspend path compiled.</summary>
    private const int WarmUpSuspensions = 50;

    /// <summary>How many workspaces <see cref="RunAsync"/> suspends.</summary>
    public const int Suspensions = WarmUpSuspensions + MeasuredSuspensions;
    private static readonly byte[] AllowedTrue = "\"allowed\":true"u8.ToArray();
    private const string SuspendBody = """{"reason":"bench","correctionDue":"P30D"}""";

    /// <param name="active">Every workspace the load asks about.</param>
    /// <param name="toSuspend"><see cref="Suspensions"/> workspaces of <paramref name="active"/> to suspend over HTTP; no other scenario may touch them.</param>
    public static async Task RunAsync(Bench bench, IReadOnlyList<ActiveWorkspace> active, IReadOnlyList<ActiveWorkspace> toSuspend)
    {
        if (toSuspend.Count != Suspensions) throw new ArgumentException($"Give {Suspensions} workspaces to suspend.", nameof(toSuspend));
        var measured = TimeSpan.FromSeconds(bench.Quick ? 15 : 40);
        // Long enough for tiered compilation to finish with the request path on a busy machine.
        var warmUp = bench.Quick ? 10 : 15;
        var key = RandomNumberGenerator.GetBytes(32);
        await using var api = await StartApiAsync(bench, key);
        var baseUrl = api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var automation = Client(baseUrl, Token(key, Role.Automation), ConcurrentSuspensions);
        using var supervisor = Client(baseUrl, Token(key, Role.Supervisor), ConcurrentSuspensions);

        var line = active.Select((w, i) => (w.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var warmUpSuspensions = toSuspend.Take(WarmUpSuspensions).ToList();
        var measuredSuspensions = toSuspend.Skip(WarmUpSuspensions).ToList();
        var suspendLines = measuredSuspensions.Select(w => line[w.Id]).ToArray();
        var suspendSet = suspendLines.ToHashSet();
        var workspacesFile = Path.GetTempFileName();
        var resultFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(workspacesFile, active.Select((w, i) => $"{w.Id}\t{w.Unit}\t{(suspendSet.Contains(i) ? 1 : 0)}"));
            // One decision through the API before the load: the API's Orleans client has joined the cluster.
            using (var probe = await automation.GetAsync(AccessPath(active[suspendLines[0]])))
            {
                var answer = await probe.Content.ReadAsStringAsync();
                if (probe.StatusCode != HttpStatusCode.OK || !answer.Contains("\"allowed\":true", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"The API did not allow an active workspace before any suspension: {(int)probe.StatusCode} {answer}");
                }
            }

            using var child = StartLoadGenerator(baseUrl, Token(key, Role.Automation), workspacesFile, resultFile, warmUp);
            var childErrors = child.StandardError.ReadToEndAsync();
            await SuspendAllAsync(supervisor, automation, null, warmUpSuspensions, []);
            var first = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            if (first != LoadGenerator.MeasuringLine)
            {
                throw new InvalidOperationException($"The load generator did not start: {first} {await childErrors}");
            }
            var clock = Stopwatch.StartNew();

            var suspensions = await SuspendAllAsync(supervisor, automation, child.StandardInput, measuredSuspensions, suspendLines);
            var rest = measured - clock.Elapsed;
            if (rest > TimeSpan.Zero) await Task.Delay(rest);
            child.StandardInput.Close();
            await child.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            if (child.ExitCode != 0) throw new InvalidOperationException($"The load generator failed ({child.ExitCode}): {await childErrors}");

            var load = JsonSerializer.Deserialize<LoadResult>(await File.ReadAllTextAsync(resultFile))!;
            if (load.Errors > 0) throw new InvalidOperationException($"{load.Errors} access decisions over HTTP did not answer 200.");
            var answeredAt = suspensions.ToDictionary(s => s.Line, s => s.AnsweredAt);
            var after = load.Watched.Where(d => d.SentAt > answeredAt[d.Index]).ToList();

            bench.Report("access_http_per_s", load.Decisions / load.Seconds, "1/s");
            bench.Report("access_http_p50_ms", load.P50Ms, "ms");
            bench.Report("access_http_p99_ms", load.P99Ms, "ms");
            bench.Report("access_http_p999_ms", load.P999Ms, "ms");
            // A decision about a workspace while it is being suspended waits for the suspension to take (by
            // design: the workspace grain answers it after the suspension), so these have figures of their own.
            bench.Report("access_http_racing", load.Racing, "count");
            bench.Report("access_http_racing_p50_ms", load.RacingP50Ms, "ms");
            bench.Report("access_http_racing_p99_ms", load.RacingP99Ms, "ms");
            bench.Report("access_http_concurrency", Concurrency, "count");
            var latencies = suspensions.Select(s => s.Milliseconds).ToList();
            bench.Report("suspend_p50_ms", Stats.Percentile(latencies, 0.50), "ms");
            bench.Report("suspend_p99_ms", Stats.Percentile(latencies, 0.99), "ms");
            bench.Report("suspend_samples", suspensions.Count, "count");
            bench.Report("allows_after_suspend", after.Count(d => d.Allowed) + suspensions.Count(s => s.AllowedAfter), "count");
            bench.Report("allows_after_suspend_checks", after.Count + suspensions.Count, "count");
        }
        finally
        {
            File.Delete(workspacesFile);
            File.Delete(resultFile);
            await api.StopAsync();
        }
    }

    /// <summary>
    /// Suspends each workspace, <see cref="ConcurrentSuspensions"/> at a time: tells the load generator
    /// first (so its decisions race the suspension), then asks once more itself right after the 200.
    /// </summary>
    private static async Task<List<Suspension>> SuspendAllAsync(HttpClient supervisor, HttpClient automation, StreamWriter? loadInput,
        IReadOnlyList<ActiveWorkspace> toSuspend, int[] lines)
    {
        var done = new ConcurrentBag<Suspension>();
        var gate = new SemaphoreSlim(1);
        await Parallel.ForAsync(0, toSuspend.Count, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentSuspensions }, async (i, _) =>
        {
            var workspace = toSuspend[i];
            if (loadInput is not null)
            {
                await gate.WaitAsync();
                try
                {
                    await loadInput.WriteLineAsync(lines[i].ToString(CultureInfo.InvariantCulture));
                    await loadInput.FlushAsync();
                }
                finally
                {
                    gate.Release();
                }
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/authorizations/{Uri.EscapeDataString(workspace.Id)}/suspend")
            {
                Content = new StringContent(SuspendBody, Encoding.UTF8, "application/json"),
            };
            var start = Stopwatch.GetTimestamp();
            // The 200 counts from its headers: the earliest instant this process knows the suspension took.
            using var response = await supervisor.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var answered = Stopwatch.GetTimestamp();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"Suspending {workspace.Id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            var allowed = await IsAllowedAsync(automation, workspace) is not false;
            done.Add(new Suspension(loadInput is null ? -1 : lines[i], Stopwatch.GetElapsedTime(start, answered).TotalMilliseconds, answered, allowed));
        });
        return [.. done];
    }

    private static async Task<bool?> IsAllowedAsync(HttpClient automation, ActiveWorkspace workspace)
    {
        using var response = await automation.GetAsync(AccessPath(workspace));
        if (response.StatusCode != HttpStatusCode.OK) return null;
        return (await response.Content.ReadAsByteArrayAsync()).AsSpan().IndexOf(AllowedTrue) >= 0;
    }

    private static string AccessPath(ActiveWorkspace workspace) =>
        $"/v1/access?workspace={Uri.EscapeDataString(workspace.Id)}&unit={Uri.EscapeDataString(workspace.Unit)}&dataset={World.Dataset}";

    /// <summary>The API as <c>ops/run</c> starts it, on a free loopback port, a client of this process's silo.</summary>
    internal static async Task<WebApplication> StartApiAsync(Bench bench, byte[] key)
    {
        var cluster = bench.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        var app = DomainsApi.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Domains"] = bench.ApiConnectionString,
                ["Orleans:ClusterId"] = cluster.ClusterId,
                ["Orleans:ServiceId"] = cluster.ServiceId,
                ["Auth:SigningKey"] = Convert.ToBase64String(key),
            });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            // The bench's silo (Program.cs) listens without Orleans TLS, which outside Production is allowed.
            builder.Environment.EnvironmentName = Microsoft.Extensions.Hosting.Environments.Development;
            // As the API's appsettings.json: no log line per request.
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        return app;
    }

    private static Process StartLoadGenerator(string baseUrl, string token, string workspacesFile, string resultFile, int warmUp)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Run as `dotnet Domains.Bench.dll` or as the apphost: the child is started the same way.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(HttpBench).Assembly.Location);
        foreach (var arg in new[] { "load", baseUrl, workspacesFile, resultFile, Concurrency.ToString(CultureInfo.InvariantCulture), warmUp.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment[LoadGenerator.TokenVariable] = token;
        return Process.Start(start) ?? throw new InvalidOperationException("The load generator did not start.");
    }

    internal static HttpClient Client(string baseUrl, string token, int connections)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false, UseCookies = false })
        {
            BaseAddress = new Uri(baseUrl),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>A bearer token as <c>ops/token</c> mints it: HS256, the API's default issuer and audience, its claim names.</summary>
    internal static string Token(byte[] key, Role role)
    {
        var name = RoleNames.Of(role);
        var start = DateTime.UtcNow.AddMinutes(-1);
        var api = new AuthOptions();
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim(ApiClaims.Subject, $"bench-{name}"), new Claim(ApiClaims.Role, name)]),
            Issuer = api.Issuer,
            Audience = api.Audience,
            IssuedAt = start,
            NotBefore = start,
            Expires = start.AddHours(2),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A suspension's 200: its line in the workspaces file, latency, when it arrived, and whether the next decision still allowed.</summary>
    private sealed record Suspension(int Line, double Milliseconds, long AnsweredAt, bool AllowedAfter);
}
