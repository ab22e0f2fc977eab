using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Domains.Bench;

/// <summary>
/// The child process of <see cref="HttpBench"/>: many concurrent <c>GET /v1/access</c> over keep-alive
/// connections, from another process than the API so that the client's work is not the server's.
/// </summary>
/// <remarks>
/// Protocol with the parent. Arguments: <c>load &lt;base url&gt; &lt;workspaces file&gt; &lt;result file&gt;
/// &lt;concurrency&gt; &lt;warm-up seconds&gt;</c>; the bearer token in <see cref="TokenVariable"/>. The
/// workspaces file holds <c>id TAB unit TAB 0|1</c> per line, 1 for a workspace the parent will suspend.
/// After the warm-up the child prints <c>measuring</c>; each line the parent writes to standard input is
/// the line number of a workspace it is about to suspend, which the child then asks about often; the
/// end of standard input ends the run, and the child writes <see cref="LoadResult"/> to the result file.
/// </remarks>
public static class LoadGenerator
{
    public const string TokenVariable = "DOMAINS_BENCH_TOKEN";
    public const string MeasuringLine = "measuring";

    /// <summary>How many of the latest workspaces under suspension are asked about often.</summary>
    private const int HotWorkspaces = 8;

    private static readonly byte[] AllowedTrue = "\"allowed\":true"u8.ToArray();

    public static async Task<int> RunAsync(string[] args)
    {
        var baseUrl = new Uri(args[0]);
        var workspaces = File.ReadLines(args[1]).Select(line => line.Split('\t')).ToArray();
        var resultPath = args[2];
        var concurrency = int.Parse(args[3], CultureInfo.InvariantCulture);
        var warmUp = TimeSpan.FromSeconds(double.Parse(args[4], CultureInfo.InvariantCulture));
        var paths = workspaces.Select(w => $"/v1/access?workspace={Uri.EscapeDataString(w[0])}&unit={Uri.EscapeDataString(w[1])}&dataset={World.Dataset}").ToArray();
        var suspended = workspaces.Select((w, i) => (w, i)).Where(x => x.w[2] == "1").Select(x => x.i).ToArray();

        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
        })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            Environment.GetEnvironmentVariable(TokenVariable) ?? throw new InvalidOperationException($"{TokenVariable} is not set."));

        var hot = new int[HotWorkspaces];
        Array.Fill(hot, -1);
        var hotCount = 0;
        using var stop = new CancellationTokenSource();
        var warm = new Load(paths, suspended, hot, concurrency);
        await warm.RunAsync(http, until: Stopwatch.GetTimestamp() + (long)(warmUp.TotalSeconds * Stopwatch.Frequency), CancellationToken.None);

        var load = new Load(paths, suspended, hot, concurrency);
        Console.Out.WriteLine(MeasuringLine);
        Console.Out.Flush();
        var start = Stopwatch.GetTimestamp();
        var running = load.RunAsync(http, until: long.MaxValue, stop.Token);
        while (await Console.In.ReadLineAsync() is { } line)
        {
            Volatile.Write(ref hot[hotCount++ % HotWorkspaces], int.Parse(line, CultureInfo.InvariantCulture));
        }
        await stop.CancelAsync();
        await running;
        var elapsed = Stopwatch.GetElapsedTime(start);

        var latencies = load.Latencies();
        var racing = load.RacingLatencies();
        await File.WriteAllTextAsync(resultPath, JsonSerializer.Serialize(new LoadResult(
            load.Decisions, load.Errors, elapsed.TotalSeconds,
            Stats.Percentile(latencies, 0.50), Stats.Percentile(latencies, 0.99), Stats.Percentile(latencies, 0.999),
            racing.Count, Stats.Percentile(racing, 0.50), Stats.Percentile(racing, 0.99), load.Watched())));
        return 0;
    }

    /// <summary>One run of the workers; each keeps its own samples, merged at the end.</summary>
    private sealed class Load(string[] paths, int[] suspended, int[] hot, int concurrency)
    {
        private readonly Worker[] _workers = Enumerable.Range(0, concurrency).Select(i => new Worker(i)).ToArray();
        private readonly HashSet<int> _watched = [.. suspended];

        public long Decisions => _workers.Sum(w => (long)w.Latencies.Count + w.RacingLatencies.Count);

        public long Errors => _workers.Sum(w => w.Errors);

        public List<double> Latencies() => [.. _workers.SelectMany(w => w.Latencies)];

        public List<double> RacingLatencies() => [.. _workers.SelectMany(w => w.RacingLatencies)];

        public List<WatchedDecision> Watched() => [.. _workers.SelectMany(w => w.Watched)];

        public Task RunAsync(HttpClient http, long until, CancellationToken stop) =>
            Task.WhenAll(_workers.Select(w => Task.Run(() => LoopAsync(http, w, until, stop), CancellationToken.None)));

        private async Task LoopAsync(HttpClient http, Worker worker, long until, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested && Stopwatch.GetTimestamp() < until)
            {
                var (index, racing) = Pick(worker.Random);
                var sent = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(paths[index], HttpCompletionOption.ResponseContentRead, CancellationToken.None);
                var body = await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                var latency = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                {
                    worker.Errors++;
                    continue;
                }
                (racing ? worker.RacingLatencies : worker.Latencies).Add(latency);
                if (_watched.Contains(index))
                {
                    worker.Watched.Add(new WatchedDecision(index, sent, body.AsSpan().IndexOf(AllowedTrue) >= 0));
                }
            }
        }

        /// <summary>
        /// One request in eight asks about a workspace under suspension right now (it races the suspension),
        /// one in eight about any workspace that will be suspended, the rest about any workspace.
        /// </summary>
        private (int Index, bool Racing) Pick(Random random)
        {
            var roll = random.Next(8);
            if (roll == 0 && Volatile.Read(ref hot[random.Next(hot.Length)]) is var h and >= 0) return (h, true);
            if (roll == 1 && suspended.Length > 0) return (suspended[random.Next(suspended.Length)], false);
            return (random.Next(paths.Length), false);
        }
    }

    private sealed class Worker(int seed)
    {
        public Random Random { get; } = new(seed);

        public List<double> Latencies { get; } = [];

        public List<double> RacingLatencies { get; } = [];

        public List<WatchedDecision> Watched { get; } = [];

        public long Errors { get; set; }
    }
}

/// <summary>
/// What the load generator measured: every decision counts in <see cref="Decisions"/>; the percentiles are
/// of the decisions that did not race a suspension, the racing ones have their own; <see cref="Watched"/>
/// holds the decisions about workspaces the parent suspends.
/// </summary>
public sealed record LoadResult(long Decisions, long Errors, double Seconds, double P50Ms, double P99Ms, double P999Ms,
    long Racing, double RacingP50Ms, double RacingP99Ms, List<WatchedDecision> Watched);

/// <summary>
/// A decision about workspace line <see cref="Index"/> and when it was sent: <see cref="Stopwatch.GetTimestamp"/>,
/// CLOCK_MONOTONIC on Linux, so comparable with the parent's timestamps.
/// </summary>
public sealed record WatchedDecision(int Index, long SentAt, bool Allowed);
