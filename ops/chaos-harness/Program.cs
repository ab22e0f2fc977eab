using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

// ops/chaos: a mixed lifecycle workload through the API while silos are killed and PostgreSQL restarts,
// then the checks of DOMAIN.md §6 from the API and the audit log. Loopback only; bounded in time and requests.
var options = ChaosOptions.Parse(args);
var chaos = new Chaos(options);
return await chaos.RunAsync();

internal sealed record ChaosOptions(string Root, double Minutes, int KillEverySeconds, int Port, int PgPort, int Workers, int MaxRequests, string Data, int Seed)
{
    public static ChaosOptions Parse(string[] args)
    {
        string Value(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var root = Value("--root", Directory.GetCurrentDirectory());
        return new ChaosOptions(root,
            double.Parse(Value("--minutes", "10"), CultureInfo.InvariantCulture),
            int.Parse(Value("--kill-every", "20"), CultureInfo.InvariantCulture),
            int.Parse(Value("--port", "5190"), CultureInfo.InvariantCulture),
            int.Parse(Value("--pg-port", "55490"), CultureInfo.InvariantCulture),
            int.Parse(Value("--workers", "4"), CultureInfo.InvariantCulture),
            int.Parse(Value("--max-requests", "200000"), CultureInfo.InvariantCulture),
            Value("--data", Path.Combine(Path.GetTempPath(), $"domains-chaos-{Guid.NewGuid():N}"[..28])),
            int.Parse(Value("--seed", Random.Shared.Next().ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture));
    }
}

/// <summary>An acknowledged (2xx) transition: the entity, the action the audit log must show, the version it produced.</summary>
internal sealed record Ack(string Entity, string Action, long Version);

internal sealed class Chaos(ChaosOptions options)
{
    private const string Subject = "chaos-worker";
    private readonly ConcurrentBag<Ack> _acks = [];
    private readonly ConcurrentDictionary<string, string> _authorizations = new(); // id → unit
    // Every random choice (operations, victims, backoff, ids) comes from one seeded source, printed at the start and
    // with the result, so a failing run's choices can be replayed with --seed (timing itself cannot be replayed).
    private readonly Random _random = new(options.Seed);
    private long _requests, _retries, _allowsAfterSuspend, _kills, _pgRestarts, _unexpected;
    private HttpClient _http = null!;
    private byte[] _key = [];
    private Process? _system;

    /// <summary>Random is not thread-safe, and workers draw at once.</summary>
    private int Next(int maxValue)
    {
        lock (_random) return _random.Next(maxValue);
    }

    public async Task<int> RunAsync()
    {
        Console.Error.WriteLine($"chaos seed {options.Seed} (replay its choices with --seed {options.Seed})");
        try
        {
            await StartSystemAsync();
            var until = DateTime.UtcNow + TimeSpan.FromMinutes(options.Minutes);
            var (domain, notice) = await WorldAsync();
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, options.Workers).Select(_ => Task.Run(() => WorkAsync(notice, until))).ToList();
            var clock = Task.Run(() => ClockAsync(until));
            await FaultsAsync(until);
            await Task.WhenAll(workers.Append(clock));
            Console.Error.WriteLine($"workload done: {_requests} requests, {_retries} retries; checking");
            return await VerifyAsync();
        }
        finally
        {
            StopSystem();
        }
    }

    private async Task StartSystemAsync()
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = options.Root };
        foreach (var a in new[] { Path.Combine(options.Root, "ops", "run"), "--silos", "3", "--clock", "manual", "--sample-data", "--data", options.Data,
                     "--port", options.Port.ToString(CultureInfo.InvariantCulture), "--pg-port", options.PgPort.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }
        _system = Process.Start(start)!;
        _system.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  [run] {e.Data}"); };
        _system.BeginErrorReadLine();
        var ready = _system.StandardOutput.ReadLineAsync();
        if (await Task.WhenAny(ready, Task.Delay(TimeSpan.FromMinutes(10))) != ready || ready.Result?.StartsWith("ready", StringComparison.Ordinal) != true)
        {
            throw new InvalidOperationException("ops/run did not become ready");
        }
        _key = Convert.FromBase64String((await File.ReadAllTextAsync(Path.Combine(options.Data, "jwt.key"))).Trim());
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{options.Port}"), Timeout = TimeSpan.FromSeconds(40) };
        Console.Error.WriteLine($"system ready on port {options.Port} (3 silos, manual clock)");
    }

    private void StopSystem()
    {
        if (_system is null || _system.HasExited) return;
        Process.Start("kill", ["-TERM", _system.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        _system.WaitForExit(60_000);
    }

    private string Token(string role, string? unit = null)
    {
        var claims = new Dictionary<string, object> { ["sub"] = role == "unit" ? $"{Subject}-unit" : Subject, ["role"] = role };
        if (unit is not null) claims["unit"] = unit;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "domains", Audience = "domains-api", Claims = claims, Expires = DateTime.UtcNow.AddHours(2),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(_key), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>Sends a command until it gets a definite answer: 5xx, timeouts and refused connections are retried with the same key.</summary>
    private async Task<(int Status, JsonElement Body)> CommandAsync(HttpMethod method, string path, string role, object? body, string? unit = null)
    {
        var key = Guid.NewGuid().ToString("N");
        for (var attempt = 0; ; attempt++)
        {
            if (Interlocked.Increment(ref _requests) > options.MaxRequests) throw new OperationCanceledException("request bound reached");
            try
            {
                using var request = new HttpRequestMessage(method, path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, unit));
                if (method != HttpMethod.Get) request.Headers.Add("Idempotency-Key", key);
                if (body is not null) request.Content = JsonContent.Create(body);
                using var response = await _http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                if (status < 500) return (status, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            Interlocked.Increment(ref _retries);
            if (attempt > 120) throw new TimeoutException($"{method} {path} never got a definite answer");
            await Task.Delay(TimeSpan.FromMilliseconds(250 + Next(750)));
        }
    }

    private async Task<JsonElement?> TransitionAsync(string path, string role, object? body, string entity, string action, string? unit = null)
    {
        var (status, reply) = await CommandAsync(HttpMethod.Post, path, role, body, unit);
        if (status is >= 200 and < 300)
        {
            _acks.Add(new Ack(entity, action, reply.GetProperty("version").GetInt64()));
            return reply;
        }
        Interlocked.Increment(ref _unexpected);
        Console.Error.WriteLine($"  unexpected {status} on {path}: {reply}");
        return null;
    }

    private async Task<(string Domain, string Notice)> WorldAsync()
    {
        var domain = $"chaos-dom-{Guid.NewGuid():N}"[..24];
        await CommandAsync(HttpMethod.Put, $"/v1/domains/{domain}", "authority", new { name = "Chaos", level = "city", regionCode = "350100", standardVersion = "v1" });
        await CommandAsync(HttpMethod.Post, $"/v1/domains/{domain}/built", "automation", new { });
        await CommandAsync(HttpMethod.Post, $"/v1/domains/{domain}/accept", "authority", new { inspectionRef = "chaos" });
        // Applications name only catalogued datasets: ds-chaos over a sample table (ops/run --sample-data).
        var (catalogued, problem) = await CommandAsync(HttpMethod.Put, $"/v1/domains/{domain}/datasets/ds-chaos", "authority", new
        {
            title = "Chaos traffic", department = "Transport", classification = "general",
            table = "public_data.traffic_flow", sensitiveColumns = Array.Empty<object>(),
        });
        if (catalogued is not (200 or 201)) throw new InvalidOperationException($"cataloguing ds-chaos answered {catalogued}: {problem}");
        var now = await NowAsync();
        var notice = $"chaos-ntc-{Guid.NewGuid():N}"[..24];
        await CommandAsync(HttpMethod.Put, $"/v1/notices/{notice}", "authority", new
        {
            title = "Chaos", field = "chaos", region = new { level = "city", code = "350100" }, pilot = false, quota = (int?)null,
            opensAt = Instant(now.AddDays(-1)), closesAt = Instant(now.AddYears(5)), domainId = domain,
        });
        await CommandAsync(HttpMethod.Post, $"/v1/notices/{notice}/publish", "authority", new { });
        return (domain, notice);
    }

    private async Task WorkAsync(string notice, DateTime until)
    {
        try
        {
            while (DateTime.UtcNow < until) await LifecycleAsync(notice);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One authorization from application to one of its ends, with access checked after each cut.</summary>
    private async Task LifecycleAsync(string notice)
    {
        var uscc = NewUscc();
        await CommandAsync(HttpMethod.Put, $"/v1/units/{uscc}", "authority", new
        {
            name = "Chaos Co.", principal = new { name = "P", title = "CEO" }, securityOfficer = new { name = "O", department = "Security" },
        });
        await CommandAsync(HttpMethod.Put, $"/v1/units/{uscc}/security-profile", "authority", new
        {
            businessStanding = "good", credit = "good", securityManagementSystem = true, mlpsLevel3 = true, cryptoAssessment = true,
            dataManagementMaturity = 4, incidents = Array.Empty<object>(),
        });
        var now = await NowAsync();
        var material = new { @ref = "m", issuedAt = Instant(now.AddDays(-1)) };
        var (status, applied) = await CommandAsync(HttpMethod.Post, "/v1/authorizations", "unit", new
        {
            unitId = uscc, noticeId = notice, scenario = new { title = "t", value = "v", goals = "g", securityMeasures = "s" },
            datasets = new[] { new { id = "ds-chaos", justification = "chaos" } }, requestedTermMonths = 12,
            materials = new { applicationForm = material, auditReport = material, financialReport = material, securityCommitment = material, riskSelfAssessment = material },
        }, uscc);
        if (status != 201) { Interlocked.Increment(ref _unexpected); Console.Error.WriteLine($"  apply {status}: {applied}"); return; }
        var id = applied.GetProperty("id").GetString()!;
        var entity = $"authorization/{id}";
        _acks.Add(new Ack(entity, "apply", 1));
        _authorizations[id] = uscc;
        var path = $"/v1/authorizations/{id}";
        if (await TransitionAsync($"{path}/verify", "authority", new { outcome = "pass", note = "ok" }, entity, "verify-pass") is null) return;
        if (await TransitionAsync($"{path}/approve", "authority", new { note = "ok" }, entity, "approve") is null) return;
        if (await TransitionAsync($"{path}/announce", "authority", new { }, entity, "announce") is null) return;
        now = await NowAsync();
        if (await TransitionAsync($"{path}/activate", "authority", new { termStart = Instant(now.AddHours(-1)), termEnd = Instant(now.AddMonths(6)) }, entity, "activate") is null) return;

        switch (Next(4))
        {
            case 0:
                if (await TransitionAsync($"{path}/suspend", "supervisor", new { reason = "chaos", correctionDue = "P1D" }, entity, "suspend") is null) return;
                await CheckDeniedAsync(id, uscc);
                if (Next(2) == 0)
                {
                    await TransitionAsync($"{path}/corrections", "unit", new { summary = "fixed" }, entity, "submit-correction", uscc);
                    await TransitionAsync($"{path}/reinstate", "supervisor", new { note = "ok" }, entity, "reinstate");
                }
                break;
            case 1:
                if (await TransitionAsync($"{path}/terminate", "authority", new { reason = "chaos" }, entity, "terminate") is null) return;
                await CheckDeniedAsync(id, uscc);
                break;
            case 2:
                if (await TransitionAsync($"{path}/revoke", "supervisor", new { reason = "chaos" }, entity, "revoke") is null) return;
                await CheckDeniedAsync(id, uscc);
                break;
            default:
                await TransitionAsync($"{path}/reports", "unit", new { period = 1, summary = "q1" }, entity, "submit-report", uscc);
                break;
        }
    }

    private async Task CheckDeniedAsync(string workspace, string unit)
    {
        for (var i = 0; i < 3; i++)
        {
            var (status, reply) = await CommandAsync(HttpMethod.Get, $"/v1/access?workspace={workspace}&unit={unit}&dataset=ds-chaos", "automation", null);
            if (status == 200 && reply.GetProperty("allowed").GetBoolean()) Interlocked.Increment(ref _allowsAfterSuspend);
        }
    }

    /// <summary>Business time moves a day at a time, so correction deadlines fall due while silos die.</summary>
    private async Task ClockAsync(DateTime until)
    {
        try
        {
            while (DateTime.UtcNow < until)
            {
                await Task.Delay(TimeSpan.FromSeconds(10));
                await CommandAsync(HttpMethod.Post, "/v1/admin/clock", "authority", new { advanceBy = "P1D" });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task FaultsAsync(DateTime until)
    {
        var pgRestartAt = DateTime.UtcNow + (until - DateTime.UtcNow) / 2;
        while (DateTime.UtcNow < until)
        {
            await Task.Delay(TimeSpan.FromSeconds(options.KillEverySeconds));
            if (DateTime.UtcNow >= until) break;
            if (_pgRestarts == 0 && DateTime.UtcNow >= pgRestartAt)
            {
                Console.Error.WriteLine("restarting PostgreSQL");
                await RunAsync("ops/pg", "stop", "--dir", Path.Combine(options.Data, "postgres"));
                await Task.Delay(TimeSpan.FromSeconds(3));
                await RunAsync("ops/pg", "start", "--dir", Path.Combine(options.Data, "postgres"), "--port", options.PgPort.ToString(CultureInfo.InvariantCulture));
                _pgRestarts++;
                continue;
            }
            var silos = SiloPids();
            if (silos.Count == 0) continue;
            var victim = silos[Next(silos.Count)];
            Console.Error.WriteLine($"kill -9 silo pid {victim}");
            Process.Start("kill", ["-9", victim.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            _kills++;
        }
    }

    private List<int> SiloPids()
    {
        var pids = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                var environ = File.ReadAllText(Path.Combine(dir, "environ"));
                if (cmdline.Contains("Domains.Silo.dll", StringComparison.Ordinal) && environ.Contains($"Port={options.PgPort};", StringComparison.Ordinal)) pids.Add(pid);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return pids;
    }

    private async Task RunAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(options.Root, script));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
    }

    private async Task<int> VerifyAsync()
    {
        long lost = 0, duplicated = 0, broken = 0, missed = 0;
        var now = await NowAsync();
        foreach (var group in _acks.GroupBy(a => a.Entity))
        {
            var events = await AuditAsync(group.Key);
            foreach (var ack in group)
            {
                if (!events.Any(e => e.GetProperty("version").GetInt64() == ack.Version && e.GetProperty("action").GetString() == ack.Action)) lost++;
            }
            var ours = events.Count(e => e.GetProperty("actor").GetString()!.StartsWith(Subject, StringComparison.Ordinal));
            duplicated += Math.Max(0, ours - group.Count());
            var (_, verify) = await CommandAsync(HttpMethod.Get, $"/v1/audit/verify?entity={group.Key}", "auditor", null);
            if (!verify.GetProperty("valid").GetBoolean()) broken++;
        }
        foreach (var (id, unit) in _authorizations)
        {
            var (_, view) = await CommandAsync(HttpMethod.Get, $"/v1/authorizations/{id}", "auditor", null);
            var state = view.GetProperty("state").GetString();
            if (state == "suspended" && view.GetProperty("suspension") is { ValueKind: JsonValueKind.Object } suspension
                && suspension.GetProperty("correctionSubmittedAt").ValueKind == JsonValueKind.Null
                && DateTimeOffset.Parse(suspension.GetProperty("correctionDue").GetString()!, CultureInfo.InvariantCulture) < now
                && !suspension.GetProperty("overdue").GetBoolean())
            {
                missed++;
            }
            if (state is "suspended" or "terminated" or "revoked" or "expired") await CheckDeniedAsync(id, unit);
        }

        Console.WriteLine($"acknowledged\t{_acks.Count}");
        Console.WriteLine($"lost\t{lost}");
        Console.WriteLine($"duplicated\t{duplicated}");
        Console.WriteLine($"chains_broken\t{broken}");
        Console.WriteLine($"deadlines_missed\t{missed}");
        Console.WriteLine($"allows_after_suspend\t{_allowsAfterSuspend}");
        Console.WriteLine($"silo_kills\t{_kills}");
        Console.WriteLine($"postgres_restarts\t{_pgRestarts}");
        Console.WriteLine($"requests\t{_requests}");
        Console.WriteLine($"retries\t{_retries}");
        Console.WriteLine($"unexpected_refusals\t{_unexpected}");
        Console.WriteLine($"seed\t{options.Seed}");
        return lost + duplicated + broken + missed + _allowsAfterSuspend == 0 ? 0 : 1;
    }

    private async Task<List<JsonElement>> AuditAsync(string entity)
    {
        var events = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var (_, page) = await CommandAsync(HttpMethod.Get, $"/v1/audit?entity={entity}&limit=500" + (cursor is null ? "" : $"&cursor={cursor}"), "auditor", null);
            events.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return events;
    }

    private async Task<DateTimeOffset> NowAsync()
    {
        var (_, clock) = await CommandAsync(HttpMethod.Get, "/v1/admin/clock", "auditor", null);
        return DateTimeOffset.Parse(clock.GetProperty("now").GetString()!, CultureInfo.InvariantCulture);
    }

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private string NewUscc()
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        var chars = Enumerable.Range(0, 17).Select(_ => alphabet[Next(alphabet.Length)]).ToArray();
        var sum = chars.Select((c, i) => alphabet.IndexOf(c, StringComparison.Ordinal) * weights[i]).Sum();
        return new string(chars) + alphabet[(31 - sum % 31) % 31];
    }
}
