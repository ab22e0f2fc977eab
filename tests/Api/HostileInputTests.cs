using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using CsCheck;
using Domains.Tests.Fixtures;
using Npgsql;
using Xunit.Abstractions;

namespace Domains.Tests.Api;

/// <summary>
/// DOMAIN.md §6: bad input gets a 4xx problem with a stable code, never a 5xx, and changes nothing. Two
/// CsCheck properties over the route table — malformed and extreme bodies and headers on every mutating
/// route, hostile ids and query strings on every route — aimed at a small world of resources that exist,
/// which must look the same afterwards; then the size limits, and well-formed values at the edges of their
/// types sent where they reach the rules. A failing property prints its seed (<c>CsCheck_Seed=…</c> replays it).
/// </summary>
[Collection(StackCollection.Name)]
public sealed class HostileInputTests(StackFixture stack, ITestOutputHelper output)
{
    /// <summary>At least this many requests in all, spread evenly over the mutating routes.</summary>
    private const int MinimumRequests = 2500;

    private const int MinimumPerRoute = 30;

    /// <summary>Counted in the status tally for a body over the limit that the server refused by closing before it was written.</summary>
    private const int ClosedBeforeBody = 0;

    private static readonly string[] IfMatchGarbage = ["\"abc\"", "W/\"x\"", "\"-1\"", "\"1.5\"", "\"99999999999999999999\"", "\"\"", "1 2", "\"1\", \"2\"", "\"0x10\""];

    private readonly ApiClient _api = new(stack);
    private Scenarios World => new(_api);

    [Fact]
    public async Task MalformedAndExtremeCommands_OnEveryMutatingRoute_Are4xxProblems_AndChangeNothing()
    {
        var world = await BuildWorldAsync();
        var routes = RouteTable.Read(stack.ApiServices).Where(r => r.IsCommand && !r.IsPublic).ToList();
        var perRoute = Math.Max(MinimumPerRoute, (MinimumRequests + routes.Count - 1) / routes.Count);
        var before = await SnapshotAsync(world);
        var sent = 0;
        var statuses = new ConcurrentDictionary<int, int>();
        var clock = Stopwatch.StartNew();

        foreach (var route in routes)
        {
            await Requests(route, world).SampleAsync(async request =>
            {
                var reply = await SendAsync(request);
                Interlocked.Increment(ref sent);
                // Refused by closing before the body was read: a refusal like the others, and the snapshot below shows it changed nothing.
                if (reply is null)
                {
                    statuses.AddOrUpdate(ClosedBeforeBody, 1, (_, n) => n + 1);
                    return;
                }
                statuses.AddOrUpdate(reply.Status, 1, (_, n) => n + 1);
                Assert.True(reply.Status is >= 400 and < 500, $"{reply.Status}: {Preview(reply.Body)}");
                Assert.True(reply.ContentType == "application/problem+json" && reply.Code is not null, $"{reply.Status} without a problem code: {Preview(reply.Body)}");
            }, iter: perRoute, threads: 2, print: r => r.ToString(), writeLine: output.WriteLine);
        }
        clock.Stop();
        var after = await SnapshotAsync(world);

        output.WriteLine($"{sent} hostile requests to {routes.Count} mutating routes in {clock.Elapsed.TotalSeconds:F1} s; statuses: "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == ClosedBeforeBody ? "closed before the body" : s.Key)}×{s.Value}")));
        Assert.True(sent >= MinimumRequests, $"only {sent} requests were sent");
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task HostileIdsAndQueries_OnEveryRoute_AreAnsweredWithout5xx_AndEvery4xxIsAProblem()
    {
        var world = await BuildWorldAsync();
        var routes = RouteTable.Read(stack.ApiServices).Where(r => r.Pattern.StartsWith("/v1/", StringComparison.Ordinal)).ToList();
        var before = await SnapshotAsync(world);
        var sent = 0;
        var clock = Stopwatch.StartNew();

        foreach (var route in routes)
        {
            await HostileAddresses(route, world).SampleAsync(async request =>
            {
                var reply = await SendAsync(request);
                Interlocked.Increment(ref sent);
                if (reply is null) return;
                Assert.True(reply.Status < 500, $"{reply.Status}: {Preview(reply.Body)}");
                Assert.True(reply.Status < 400 || (reply.ContentType == "application/problem+json" && reply.Code is not null),
                    $"{reply.Status} without a problem code: {Preview(reply.Body)}");
            }, iter: MinimumPerRoute, threads: 2, print: r => r.ToString(), writeLine: output.WriteLine);
        }
        clock.Stop();

        output.WriteLine($"{sent} hostile addresses to {routes.Count} routes in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(before, await SnapshotAsync(world));
    }

    [Fact]
    public async Task OddButWellTypedBodies_CreatingFreshResources_AreAnsweredWithout5xx()
    {
        // Unlike the defective bodies above these may be valid: each names a fresh id, so whatever it creates is its own.
        var routes = RouteTable.Read(stack.ApiServices)
            .Where(r => !r.IsPublic && r.BodyType is not null && (r.Method == "PUT" && r.RoutePattern.Parameters.Count == 1 || r.Pattern == "/v1/authorizations"))
            .ToList();
        var unit = await World.QualifiedUnitAsync();
        var sent = 0;
        var statuses = new ConcurrentDictionary<int, int>();

        foreach (var route in routes)
        {
            var shape = (HostileJson.ObjectOf)HostileJson.ShapeOf(route.BodyType!);
            var roles = route.Roles!.Order(StringComparer.Ordinal).ToArray();
            await Gen.Select(Gen.Frequency((3, HostileJson.WellTyped(shape)), (1, HostileJson.Noise(shape))), Gen.OneOf(roles), (body, role) => new HostileRequest(
                route.Method, route.Path((name, _) => name == "uscc" ? Scenarios.NewUscc() : Ids.New("odd")), role,
                role == "unit" ? unit : null, "odd but well-typed", body, "application/json", null, null)).SampleAsync(async request =>
            {
                var reply = await SendAsync(request);
                Interlocked.Increment(ref sent);
                if (reply is null)
                {
                    statuses.AddOrUpdate(ClosedBeforeBody, 1, (_, n) => n + 1);
                    return;
                }
                statuses.AddOrUpdate(reply.Status, 1, (_, n) => n + 1);
                Assert.True(reply.Status < 500, $"{reply.Status}: {Preview(reply.Body)}");
                Assert.True(reply.Status < 400 || (reply.ContentType == "application/problem+json" && reply.Code is not null),
                    $"{reply.Status} without a problem code: {Preview(reply.Body)}");
            }, iter: 60, threads: 2, print: r => r.ToString(), writeLine: output.WriteLine);
        }

        output.WriteLine($"{sent} odd but well-typed bodies to {routes.Count} creating routes ({string.Join(", ", routes)}); statuses: "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == ClosedBeforeBody ? "closed before the body" : s.Key)}×{s.Value}")));
    }

    /// <summary>
    /// Requests whose route parameters and query strings are hostile: odd, long or foreign ids (a command
    /// always gets one, with an empty body, so it names nothing that exists) and query values, a name given twice.
    /// </summary>
    private Gen<HostileRequest> HostileAddresses(ApiRoute route, HostileWorld world)
    {
        var id = Gen.Frequency(
            (3, Gen.Char[' ', '~'].Array[1, 64].Select(c => new string(c))),
            (2, Gen.Char["éΩЖ中文字\u202E\u200B\uFEFF/?#%+&=.:'\"<>\\ "].Array[1, 32].Select(c => new string(c))),
            (1, Gen.Int[129, 1500].Select(n => new string('a', n))),
            (1, Gen.OneOf(".", "..", "%", "%00", "a/b", "null", "-1", "*", " ", "unit:x", "authorization/x", "{id}")));
        var value = Gen.Frequency(
            (3, Gen.Char[' ', '~'].Array[0, 100].Select(c => new string(c))),
            (2, Gen.OneOf("-1", "0", "501", "99999999999999999999", "1e3", "abc", "unit:", "unit:x", "supervisors", "authority", "x/y", "a\u0000b", "\u0000",
                "authorization/", "/x", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2026-02-30", "active", "\u202Eactive", "中文")),
            (1, Gen.Char["éΩЖ中文字\u202E\u200B"].Array[1, 40].Select(c => new string(c))));
        var query = route.QueryNames.Count == 0
            ? Gen.Const("")
            : Gen.Select(Gen.Int[0, route.QueryNames.Count - 1], value, value, Gen.Int[0, 3], (i, first, second, shape) =>
            {
                var name = route.QueryNames[i];
                return shape switch
                {
                    0 => $"?{name}={Uri.EscapeDataString(first)}",
                    1 => $"?{name}={Uri.EscapeDataString(first)}&{name}={Uri.EscapeDataString(second)}",
                    2 => $"?{string.Join("&", route.QueryNames.Select(n => $"{n}={Uri.EscapeDataString(first)}"))}",
                    _ => $"?{name}&zz={Uri.EscapeDataString(second)}",
                };
            });
        var roles = (route.Roles ?? RouteTable.AllRoles.ToHashSet()).Order(StringComparer.Ordinal).ToArray();
        return Gen.Select(id, Gen.Bool, query, Gen.OneOf(roles), (hostileId, useWorld, q, role) =>
        {
            var path = route.IsCommand || !useWorld ? route.Path((_, _) => hostileId) : world.PathOf(route);
            return new HostileRequest(route.Method, path + q, role, role == "unit" ? world.Unit : null, "hostile address",
                route.IsCommand ? "{}"u8.ToArray() : [], "application/json", null, null);
        });
    }

    [Theory]
    [InlineData("GET", "/v1/authorizations/%20", "authority")]
    [InlineData("POST", "/v1/authorizations/%20/announce", "authority")]
    [InlineData("POST", "/v1/authorizations/%09/products", "unit")]
    [InlineData("GET", "/v1/products/%20", "authority")]
    [InlineData("POST", "/v1/products/%20/list", "unit")]
    [InlineData("GET", "/v1/workspaces/%20", "automation")]
    [InlineData("POST", "/v1/workspaces/%20/logs-purged", "automation")]
    public async Task BlankServerId_Is404NotFound_NotA500(string method, string path, string role)
    {
        // Orleans refuses a blank grain key with an exception; such an id names nothing, so it is a 404.
        var reply = await _api.SendAsync(new HttpMethod(method), path, role, body: method == "POST" ? new { } : null,
            unit: role == "unit" ? Scenarios.NewUscc() : null);

        Assert.Equal(404, reply.Status);
        Assert.Equal("not-found", reply.Code);
    }

    [Theory]
    [InlineData("/v1/audit?entity=unit/x&actor=a%00b", "auditor")]
    [InlineData("/v1/authorizations?cursor=%00", "authority")]
    [InlineData("/v1/public/announcements?cursor=%00", null)]
    [InlineData("/v1/inbox?recipient=authority&kind=%00", "authority")]
    [InlineData("/v1/access?workspace=auth-x&unit=%00&dataset=d", "automation")]
    public async Task QueryHoldingNul_Is400ValidationFailed_NotA5xx(string path, string? role)
    {
        // PostgreSQL text holds no U+0000: unrefused, it failed the SQL these values reach.
        var reply = await _api.GetAsync(path, role);

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
    }

    [Fact]
    public async Task Inspection_NamingABlankAuthorizationId_Is400ValidationFailed()
    {
        var unit = await World.QualifiedUnitAsync();

        var reply = await _api.PostAsync($"/v1/units/{unit}/inspections", "supervisor",
            new { scope = "systems", findings = "a breach", breach = true, authorizationId = " ", suspend = new { reason = "breach" } });

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
    }

    [Fact]
    public async Task Body300KiB_Is413PayloadTooLarge_BeforeTheBodyIsSent()
    {
        var id = Ids.New("dom");
        var bytes = Encoding.UTF8.GetBytes($"{{\"inspectionRef\":\"{new string('x', 300 * 1024)}\"}}");

        using var response = await OversizedBodies.SendAsync(stack.Http, Message(id, new ByteArrayContent(bytes)), bytes.Length);

        // The declared length alone decides: the answer comes before the client writes the body, so it is always read.
        Assert.NotNull(response);
        Assert.Equal(413, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"payload-too-large\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(404, (await _api.GetAsync($"/v1/domains/{id}", "auditor")).Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Body2MiB_IsRefusedWith413OrAClosedConnection_NotA5xx_AndChangesNothing(bool chunked)
    {
        // With a Content-Length Kestrel's own limit (1 MiB) refuses it before the API reads; chunked, the API's 256 KiB does,
        // and the server may close while the client still writes the rest: that closing is the refusal.
        var id = Ids.New("dom");
        Assert.Equal(201, (await _api.PutAsync($"/v1/domains/{id}", "authority", new { name = "n", level = "city", regionCode = "350100", standardVersion = "v1" })).Status);
        Assert.Equal(200, (await _api.PostAsync($"/v1/domains/{id}/built", "automation")).Status);
        var before = (await _api.GetAsync($"/v1/domains/{id}", "auditor")).Body;
        var bytes = Encoding.UTF8.GetBytes($"{{\"inspectionRef\":\"{new string('x', 2 * 1024 * 1024)}\"}}");

        using var response = await OversizedBodies.SendAsync(stack.Http,
            Message(id, chunked ? new ChunkedContent(bytes) : new ByteArrayContent(bytes)), bytes.Length);

        if (!chunked) Assert.NotNull(response);
        if (response is not null)
        {
            Assert.Equal(413, (int)response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("\"payload-too-large\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(before, (await _api.GetAsync($"/v1/domains/{id}", "auditor")).Body);
    }

    private HttpRequestMessage Message(string domain, HttpContent content)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, $"/v1/domains/{domain}/accept") { Content = content };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", stack.Tokens.Issue("authority"));
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return message;
    }

    [Fact]
    public async Task EnumValue_JoiningTwoMembers_Is400_AndCreatesNothing()
    {
        var id = Ids.New("dom");

        var reply = await _api.PutAsync($"/v1/domains/{id}", "authority", new { name = "Fuzhou", level = "province, city", regionCode = "350100", standardVersion = "v1" });

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
        Assert.Equal(404, (await _api.GetAsync($"/v1/domains/{id}")).Status);
    }

    [Theory]
    [InlineData("2999-12-31T23:59:59.999999Z", true)]
    [InlineData("3000-01-01T00:00:00Z", false)]
    public async Task NoticeClosingAtTheLatestInstant_IsPublished_AndOneMicrosecondLater_IsRefused(string closesAt, bool accepted)
    {
        var id = Ids.New("ntc");
        var put = await _api.PutAsync($"/v1/notices/{id}", "authority", new
        {
            title = "Long call", field = "healthcare", region = new { level = "city", code = "350100" }, pilot = false,
            opensAt = Scenarios.Instant(await World.NowAsync()), closesAt, domainId = await World.OperationalDomainAsync(),
        });

        var published = await _api.PostAsync($"/v1/notices/{id}/publish", "authority");

        Assert.Equal(accepted ? 201 : 400, put.Status);
        Assert.Equal(accepted ? 200 : 404, published.Status);
    }

    [Fact]
    public async Task Suspension_WithACorrectionDueAtTheLatestInstant_IsAccepted()
    {
        // The bound refuses only what the rules could not add to; the latest instant itself arms its deadline.
        var id = await World.AuthorizationAsync("active");

        var reply = await _api.PostAsync($"/v1/authorizations/{id}/suspend", "supervisor", new { reason = "breach", correctionDue = "2999-12-31T23:59:59Z" });

        Assert.Equal(200, reply.Status);
        Assert.Equal("suspended", reply.Str("state"));
    }

    public static TheoryData<string> ExtremeValues() =>
    [
        "activate-in-year-9999", "suspend-for-10000-years", "suspend-until-year-9999", "inspection-suspending-for-10000-years",
        "advance-clock-by-10000-years", "move-clock-to-year-1", "notice-closing-in-year-9999", "incident-in-year-9999",
        "report-period-int-max", "apply-for-int-max-months", "apply-for-minus-one-months", "maturity-int-min", "price-below-zero",
        "inspection-suspension-reason-overlong", "notice-title-with-nul", "withdraw-reason-with-nul",
    ];

    /// <summary>
    /// Well-formed values at the edges of their types, sent where they reach the rules (the target is in a
    /// state that takes the command): each is refused with a 4xx problem and leaves its target unchanged.
    /// </summary>
    [Theory]
    [MemberData(nameof(ExtremeValues))]
    public async Task ExtremeButWellFormedValue_ReachingTheRules_IsRefusedWith4xx_AndChangesNothing(string name)
    {
        var (target, method, path, role, unit, body) = await ExtremeCaseAsync(name);
        var before = await _api.GetAsync(target, "auditor");

        var reply = await _api.SendAsync(method, path, role, body, unit);

        Assert.True(reply.Status is >= 400 and < 500, $"{reply.Status}: {Preview(reply.Body)}");
        Assert.Equal("application/problem+json", reply.ContentType);
        Assert.NotNull(reply.Code);
        var after = await _api.GetAsync(target, "auditor");
        Assert.Equal(before.Status, after.Status);
        if (before.Status == 200) Assert.Equal(before.Body, after.Body);
    }

    private async Task<(string Target, HttpMethod Method, string Path, string Role, string? Unit, object Body)> ExtremeCaseAsync(string name)
    {
        const string Year9999 = "9999-12-31T23:59:59Z";
        var post = HttpMethod.Post;
        switch (name)
        {
            case "activate-in-year-9999":
            {
                var id = await World.AuthorizationAsync("announced");
                return ($"/v1/authorizations/{id}", post, $"/v1/authorizations/{id}/activate", "authority", null,
                    new { termStart = "9999-12-01T00:00:00Z", termEnd = "9999-12-31T00:00:00Z" });
            }
            case "suspend-for-10000-years" or "suspend-until-year-9999":
            {
                var id = await World.AuthorizationAsync("active");
                return ($"/v1/authorizations/{id}", post, $"/v1/authorizations/{id}/suspend", "supervisor", null,
                    new { reason = "breach", correctionDue = name == "suspend-for-10000-years" ? "P10000Y" : Year9999 });
            }
            case "inspection-suspending-for-10000-years" or "inspection-suspension-reason-overlong":
            {
                var unit = await World.QualifiedUnitAsync();
                var id = await World.AuthorizationAsync("active", uscc: unit);
                var suspend = name == "inspection-suspending-for-10000-years"
                    ? new { reason = "breach", correctionDue = "P10000Y" }
                    : new { reason = new string('r', 5000), correctionDue = "P30D" };
                return ($"/v1/authorizations/{id}", post, $"/v1/units/{unit}/inspections", "supervisor", null,
                    new { scope = "systems", findings = "a breach", breach = true, authorizationId = id, suspend });
            }
            case "advance-clock-by-10000-years":
                return ("/v1/admin/clock", post, "/v1/admin/clock", "authority", null, new { advanceBy = "P10000Y" });
            case "move-clock-to-year-1":
                return ("/v1/admin/clock", post, "/v1/admin/clock", "authority", null, new { to = "0001-01-01T00:00:00Z" });
            case "notice-closing-in-year-9999":
            {
                var id = Ids.New("ntc");
                var now = await World.NowAsync();
                return ($"/v1/notices/{id}", HttpMethod.Put, $"/v1/notices/{id}", "authority", null, new
                {
                    title = "Forever", field = "healthcare", region = new { level = "city", code = "350100" }, pilot = false,
                    opensAt = Scenarios.Instant(now), closesAt = Year9999, domainId = await World.OperationalDomainAsync(),
                });
            }
            case "notice-title-with-nul":
            {
                var id = Ids.New("ntc");
                var now = await World.NowAsync();
                return ($"/v1/notices/{id}", HttpMethod.Put, $"/v1/notices/{id}", "authority", null, new
                {
                    title = "Call\u0000for data", field = "healthcare", region = new { level = "city", code = "350100" }, pilot = false,
                    opensAt = Scenarios.Instant(now), closesAt = Scenarios.Instant(now.AddDays(30)), domainId = await World.OperationalDomainAsync(),
                });
            }
            case "withdraw-reason-with-nul":
            {
                var id = await World.OpenNoticeAsync(await World.OperationalDomainAsync());
                return ($"/v1/notices/{id}", post, $"/v1/notices/{id}/withdraw", "authority", null, new { reason = "merged\u0000" });
            }
            case "incident-in-year-9999":
            {
                var unit = await World.QualifiedUnitAsync();
                return ($"/v1/units/{unit}", post, $"/v1/units/{unit}/incidents", "supervisor", null, new { occurredAt = Year9999, summary = "leak" });
            }
            case "report-period-int-max":
            {
                var unit = await World.QualifiedUnitAsync();
                var id = await World.AuthorizationAsync("active", uscc: unit);
                return ($"/v1/authorizations/{id}", post, $"/v1/authorizations/{id}/reports", "unit", unit, new { period = int.MaxValue, summary = "q" });
            }
            case "apply-for-int-max-months" or "apply-for-minus-one-months":
            {
                var unit = await World.QualifiedUnitAsync();
                var notice = await World.OpenNoticeAsync(await World.OperationalDomainAsync());
                var months = name == "apply-for-int-max-months" ? int.MaxValue : -1;
                return ($"/v1/authorizations?unitId={unit}", post, "/v1/authorizations", "unit", unit,
                    await World.ApplicationAsync(unit, notice, termMonths: months));
            }
            case "maturity-int-min":
            {
                var unit = await World.QualifiedUnitAsync();
                var profile = new
                {
                    businessStanding = "good", credit = "good", securityManagementSystem = true, mlpsLevel3 = true, cryptoAssessment = true,
                    dataManagementMaturity = int.MinValue,
                };
                return ($"/v1/units/{unit}", HttpMethod.Put, $"/v1/units/{unit}/security-profile", "authority", null, profile);
            }
            default:
            {
                var unit = await World.QualifiedUnitAsync();
                var id = await World.AuthorizationAsync("active", uscc: unit, termStart: await World.NowAsync());
                return ($"/v1/authorizations/{id}", post, $"/v1/authorizations/{id}/products", "unit", unit, new
                {
                    name = "n", description = "d", datasetsUsed = new[] { "ds-hospital-visits" }, personalInfo = false, tradeSecrets = false,
                    pricing = new { model = "one-off", amount = -0.01m, currency = "CNY" },
                });
            }
        }
    }

    /// <summary>The requests of one route: always with an admitted role's token, always carrying a defect.</summary>
    private Gen<HostileRequest> Requests(ApiRoute route, HostileWorld world)
    {
        var path = world.PathOf(route);
        var shape = route.BodyType is null ? new HostileJson.ObjectOf([]) : (HostileJson.ObjectOf)HostileJson.ShapeOf(route.BodyType);
        var roles = route.Roles!.Order(StringComparer.Ordinal).ToArray();
        var key = Gen.Frequency((2, Gen.Const((string?)null)), (1, Gen.Char['!', '~'].Array[1, 128].Select(k => (string?)new string(k))));
        var contentType = Gen.OneOf<string?>("application/json", "application/json; charset=utf-8", "text/plain", null);

        // A defect in the body; the headers are noise (no If-Match, or "*", which checks nothing).
        var bodyDefect = Gen.Select(HostileJson.Defective(shape), Gen.OneOf<string?>(null, "*"), key,
            (d, ifMatch, k) => (d.Defect, d.Body, ifMatch, k));
        // A defect in a header, the body noise that may be valid: the header alone must refuse it.
        var headerDefect = Gen.Select(HostileJson.Noise(shape), Gen.Int[0, 2], Gen.OneOf(IfMatchGarbage), Gen.Int[129, 8000], key,
            (body, kind, garbage, length, k) => kind switch
            {
                0 => ("bad If-Match", body, garbage, k),
                // A version no world resource reaches: 412 from any versioned entity. The admin clock has no version.
                1 when world.IsVersioned(route) => ("stale If-Match", body, "\"987654321\"", k),
                _ => ((string, byte[], string?, string?))("overlong Idempotency-Key", body, null, new string('k', length)),
            });

        return Gen.Select(Gen.Frequency((4, bodyDefect), (1, headerDefect)), Gen.OneOf(roles), contentType,
            (d, role, type) => new HostileRequest(route.Method, path, role, role == "unit" ? world.Unit : null, d.Item1, d.Item2, type, d.Item3, d.Item4));
    }

    /// <summary>The reply, or <c>null</c> when the server refused a body over the limit by closing before it was written (see <see cref="OversizedBodies"/>).</summary>
    private async Task<Reply?> SendAsync(HostileRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", stack.Tokens.Issue(request.Role, request.Unit, subject: "hostile-tester"));
        if (request.IfMatch is not null) message.Headers.TryAddWithoutValidation("If-Match", request.IfMatch);
        if (request.IdempotencyKey is not null) message.Headers.TryAddWithoutValidation("Idempotency-Key", request.IdempotencyKey);
        if (request.Method != "GET")
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }
        using var response = await OversizedBodies.SendAsync(stack.Http, message, request.Method == "GET" ? 0 : request.Body.Length);
        if (response is null) return null;
        return new Reply((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.ETag?.Tag,
            response.Content.Headers.ContentType?.MediaType, response.Headers.Location?.ToString(), null);
    }

    /// <summary>A small world whose every resource exists, so hostile commands reach real grains.</summary>
    private async Task<HostileWorld> BuildWorldAsync()
    {
        var unit = await World.QualifiedUnitAsync("Hostile Input Data Co.");
        var domain = await World.OperationalDomainAsync();
        var notice = await World.OpenNoticeAsync(domain);
        var authorization = await World.AuthorizationAsync("active", uscc: unit, noticeId: notice, termStart: await World.NowAsync());
        var product = (await _api.PostAsync($"/v1/authorizations/{authorization}/products", "unit", new
        {
            name = "District index",
            description = "weekly visits",
            datasetsUsed = new[] { "ds-hospital-visits" },
            personalInfo = false,
            tradeSecrets = false,
            pricing = new { model = "subscription", amount = 10, currency = "CNY" },
        }, unit: unit)).Str("id")!;
        var webhook = Ids.New("hook");
        // A kind this run never produces, so no delivery changes the webhook while it runs.
        Assert.Equal(201, (await _api.PutAsync($"/v1/webhooks/{webhook}", "authority",
            new { url = "http://127.0.0.1:9/never", kinds = new[] { "deletion-overdue" }, secret = new string('s', 32) })).Status);
        var channel = Ids.New("chan");
        Assert.Equal(201, (await _api.PutAsync($"/v1/channels/{channel}", "authority",
            new { kind = "email", kinds = new[] { "deletion-overdue" }, recipients = "authority", target = new { } })).Status);
        return new HostileWorld(unit, domain, notice, authorization, product, webhook, channel);
    }

    /// <summary>Every world resource as GET shows it (body and ETag), its audit trail, the unit's list and the clock; and the audit table's size.</summary>
    private async Task<string> SnapshotAsync(HostileWorld world)
    {
        var snapshot = new StringBuilder();
        foreach (var path in world.Reads.Append($"/v1/authorizations?unitId={world.Unit}&limit=500").Append("/v1/admin/clock"))
        {
            var reply = await _api.GetAsync(path, "auditor");
            snapshot.AppendLine($"{path} {reply.Status} {reply.ETag} {reply.Body}");
        }
        foreach (var entity in world.Entities)
        {
            snapshot.AppendLine($"{entity} {(await _api.GetAsync($"/v1/audit?entity={entity}&limit=500", "auditor")).Body}");
        }
        await using var db = new NpgsqlConnection(stack.ConnectionString);
        await db.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM audit_events", db);
        snapshot.AppendLine($"audit events: {await count.ExecuteScalarAsync()}");
        return snapshot.ToString();
    }

    private static string Preview(string text) => text.Length <= 300 ? text : text[..300] + "…";

    /// <summary>One hostile request; printed (body cut short, escaped) when CsCheck reports a failure with its seed.</summary>
    private sealed record HostileRequest(
        string Method, string Path, string Role, string? Unit, string Defect, byte[] Body, string? ContentType, string? IfMatch, string? IdempotencyKey)
    {
        public override string ToString()
        {
            var text = Encoding.UTF8.GetString(Body);
            var preview = System.Text.Json.JsonSerializer.Serialize(text.Length <= 400 ? text : text[..400] + "…");
            return $"{Method} {Path} as {Role} [{Defect}] If-Match={IfMatch ?? "-"} Idempotency-Key={IdempotencyKey?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} chars, "
                + $"Content-Type={ContentType ?? "-"}, body of {Body.Length} bytes: {preview}";
        }
    }

    /// <summary>The resources hostile commands are aimed at, and the route parameter each one fills.</summary>
    private sealed record HostileWorld(string Unit, string Domain, string Notice, string Authorization, string Product, string Webhook, string Channel)
    {
        public IEnumerable<string> Reads =>
        [
            $"/v1/units/{Unit}", $"/v1/domains/{Domain}", $"/v1/notices/{Notice}", $"/v1/authorizations/{Authorization}",
            $"/v1/workspaces/{Authorization}", $"/v1/products/{Product}", $"/v1/webhooks/{Webhook}", $"/v1/domains/{Domain}/datasets",
            $"/v1/channels/{Channel}",
        ];

        public IEnumerable<string> Entities =>
        [
            $"unit/{Unit}", $"domain/{Domain}", $"notice/{Notice}", $"authorization/{Authorization}",
            $"workspace/{Authorization}", $"product/{Product}", $"webhook/{Webhook}", $"channel/{Channel}",
        ];

        /// <summary>Fills each parameter with the world resource of the collection it follows (<c>/v1/products/{id}</c>: the product).</summary>
        public string PathOf(ApiRoute route)
        {
            string? collection = null;
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var part in route.RoutePattern.PathSegments.SelectMany(s => s.Parts))
            {
                if (part is Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal) collection = literal.Content;
                if (part is Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter)
                {
                    values[parameter.Name] = collection switch
                    {
                        "units" => Unit,
                        "domains" => Domain,
                        "notices" => Notice,
                        "authorizations" or "workspaces" => Authorization,
                        "products" => Product,
                        "webhooks" => Webhook,
                        "channels" => Channel,
                        "datasets" => "ds-traffic",
                        // No export in the world: the routes still reach the export grain, which knows none.
                        "exports" => "exp-hostile-none",
                        // No clock sweep of that id: the route still reaches the clock grain, which knows none.
                        "sweeps" => "sweep-hostile-none",
                        _ => throw new InvalidOperationException($"{route.Key}: no world resource for '{collection}'; add one to HostileWorld"),
                    };
                }
            }
            return route.Path((name, _) => values[name]);
        }

        /// <summary>Whether the route's target has a version for <c>If-Match</c> (every entity; the admin clock has none).</summary>
        public bool IsVersioned(ApiRoute route) => !route.Pattern.StartsWith("/v1/admin/", StringComparison.Ordinal);
    }

    /// <summary>A body sent chunked: no Content-Length, so only the API's own reading limit can stop it.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
