using System.Text.Json;
using Domains.Tests.Fixtures;

namespace Domains.Tests.Api;

[Collection(StackCollection.Name)]
public sealed class AuthorizationApiTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);
    private Scenarios World => new(_api);

    [Fact]
    public async Task Apply_ByAQualifiedUnitToAnOpenNotice_IsSubmitted_WithLocationAndAudit()
    {
        var uscc = await World.QualifiedUnitAsync("Minjiang Analytics");
        var notice = await World.OpenNoticeAsync(await World.OperationalDomainAsync());

        var reply = await World.ApplyAsync(uscc, notice);

        Assert.Equal(201, reply.Status);
        Assert.Equal("submitted", reply.Str("state"));
        Assert.Equal($"/v1/authorizations/{reply.Str("id")}", reply.Location);
        Assert.Equal("Minjiang Analytics", reply.Str("unitName"));
        Assert.Equal("\"1\"", reply.ETag);
        Assert.True(await World.ChainValidAsync($"authorization/{reply.Str("id")}"));
    }

    [Fact]
    public async Task Apply_WithTheSameIdempotencyKey_ReplaysTheSameAuthorization()
    {
        var uscc = await World.QualifiedUnitAsync();
        var notice = await World.OpenNoticeAsync(await World.OperationalDomainAsync());
        var body = await World.ApplicationAsync(uscc, notice);

        var first = await _api.PostAsync("/v1/authorizations", "unit", body, idempotencyKey: "apply-1", unit: uscc);
        var again = await _api.PostAsync("/v1/authorizations", "unit", body, idempotencyKey: "apply-1", unit: uscc);
        var list = await _api.GetAsync($"/v1/authorizations?unitId={uscc}", "authority");

        Assert.Equal(201, first.Status);
        Assert.Equal(201, again.Status);
        Assert.Equal(first.Body, again.Body);
        Assert.Single(list.Json.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Apply_ToADraftNotice_Is409NoticeNotOpen()
    {
        var uscc = await World.QualifiedUnitAsync();
        var draft = Ids.New("ntc");
        var now = await World.NowAsync();
        await _api.PutAsync($"/v1/notices/{draft}", "authority", new
        {
            title = "t", field = "f", region = new { level = "city", code = "350100" }, pilot = false, quota = (int?)null,
            opensAt = Scenarios.Instant(now.AddDays(-1)), closesAt = Scenarios.Instant(now.AddDays(10)), domainId = "dom-x",
        });

        var reply = await World.ApplyAsync(uscc, draft);

        Assert.Equal(409, reply.Status);
        Assert.Equal("notice-not-open", reply.Code);
    }

    [Fact]
    public async Task Apply_BeforeTheWindowOpens_Is409NoticeNotOpen()
    {
        var uscc = await World.QualifiedUnitAsync();
        var now = await World.NowAsync();
        var notice = await World.OpenNoticeAsync(await World.OperationalDomainAsync(), opensAt: now.AddDays(5), closesAt: now.AddDays(9));

        var reply = await World.ApplyAsync(uscc, notice);

        Assert.Equal("notice-not-open", reply.Code);
    }

    [Fact]
    public async Task Apply_ByAnUnqualifiedUnit_Is422UnitNotQualified_ListingUnmet()
    {
        var uscc = Scenarios.NewUscc();
        await _api.PutAsync($"/v1/units/{uscc}", "authority", new
        {
            name = "Weak Co.", principal = new { name = "A", title = "CEO" }, securityOfficer = new { name = "B", department = "IT" },
        });
        await _api.PutAsync($"/v1/units/{uscc}/security-profile", "authority", new
        {
            businessStanding = "good", credit = "dishonest", securityManagementSystem = true, mlpsLevel3 = false,
            cryptoAssessment = true, dataManagementMaturity = 3, incidents = Array.Empty<object>(),
        });
        var notice = await World.OpenNoticeAsync(await World.OperationalDomainAsync());

        var reply = await World.ApplyAsync(uscc, notice);

        Assert.Equal(422, reply.Status);
        Assert.Equal("unit-not-qualified", reply.Code);
        var unmet = reply.Json.GetProperty("unmet").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("credit", unmet);
        Assert.Contains("mlps-level-3", unmet);
    }

    [Theory]
    [InlineData("missing", "material-missing")]
    [InlineData("outdated", "material-outdated")]
    [InlineData("long-term", "term-too-long")]
    [InlineData("no-datasets", "datasets-required")]
    public async Task Apply_WithBadMaterialsTermOrDatasets_Is400WithItsCode(string fault, string code)
    {
        var uscc = await World.QualifiedUnitAsync();
        var notice = await World.OpenNoticeAsync(await World.OperationalDomainAsync());
        var now = await World.NowAsync();
        var body = fault switch
        {
            "missing" => await World.ApplicationAsync(uscc, notice, materials: new
            {
                applicationForm = new { @ref = "AF", issuedAt = Scenarios.Instant(now) },
                auditReport = new { @ref = "AR", issuedAt = Scenarios.Instant(now) },
                securityCommitment = new { @ref = "SC", issuedAt = Scenarios.Instant(now) },
                riskSelfAssessment = new { @ref = "RS", issuedAt = Scenarios.Instant(now) },
            }),
            "outdated" => await World.ApplicationAsync(uscc, notice, materials: new
            {
                applicationForm = new { @ref = "AF", issuedAt = Scenarios.Instant(now) },
                auditReport = new { @ref = "AR", issuedAt = Scenarios.Instant(now.AddMonths(-13)) },
                financialReport = new { @ref = "FR", issuedAt = Scenarios.Instant(now) },
                securityCommitment = new { @ref = "SC", issuedAt = Scenarios.Instant(now) },
                riskSelfAssessment = new { @ref = "RS", issuedAt = Scenarios.Instant(now) },
            }),
            "long-term" => await World.ApplicationAsync(uscc, notice, termMonths: 37),
            _ => await World.ApplicationAsync(uscc, notice, datasets: Array.Empty<object>()),
        };

        var reply = await _api.PostAsync("/v1/authorizations", "unit", body, unit: uscc);

        Assert.Equal(400, reply.Status);
        Assert.Equal(code, reply.Code);
        if (fault == "missing") Assert.Contains("financialReport", reply.Str("detail"));
        if (fault == "outdated") Assert.Contains("auditReport", reply.Str("detail"));
    }

    [Fact]
    public async Task Apply_WithAnInvalidUscc_Is400InvalidUscc()
    {
        var notice = await World.OpenNoticeAsync(await World.OperationalDomainAsync());
        var body = await World.ApplicationAsync("91350100M000100Y4X", notice);

        var reply = await _api.PostAsync("/v1/authorizations", "authority", body);

        Assert.Equal(400, reply.Status);
        Assert.Equal("invalid-uscc", reply.Code);
    }

    [Fact]
    public async Task Apply_TwiceForTheSameNotice_Is409DuplicateApplication_UntilTheFirstEnds()
    {
        var uscc = await World.QualifiedUnitAsync();
        var notice = await World.OpenNoticeAsync(await World.OperationalDomainAsync());
        var first = await World.ApplyAsync(uscc, notice);

        var duplicate = await World.ApplyAsync(uscc, notice);
        await _api.PostAsync($"/v1/authorizations/{first.Str("id")}/withdraw", "unit", new { reason = "wrong scope" }, unit: uscc);
        var afterWithdrawal = await World.ApplyAsync(uscc, notice);

        Assert.Equal(409, duplicate.Status);
        Assert.Equal("duplicate-application", duplicate.Code);
        Assert.Equal(201, afterWithdrawal.Status);
    }

    [Fact]
    public async Task Apply_ByAUnitForAnotherUnit_Is403()
    {
        var other = await World.QualifiedUnitAsync();
        var notice = await World.OpenNoticeAsync(await World.OperationalDomainAsync());

        var reply = await _api.PostAsync("/v1/authorizations", "unit", await World.ApplicationAsync(other, notice), unit: Scenarios.NewUscc());

        Assert.Equal(403, reply.Status);
        Assert.Equal("forbidden", reply.Code);
    }

    [Fact]
    public async Task TwentyParallelApprovals_AgainstAQuotaOfThree_ApproveExactlyThree()
    {
        var notice = await World.OpenNoticeAsync(await World.OperationalDomainAsync(), quota: 3);
        var ids = new List<string>();
        for (var i = 0; i < 20; i++) ids.Add(await World.AuthorizationAsync("verified", noticeId: notice));

        var replies = await Task.WhenAll(ids.Select(id => _api.PostAsync($"/v1/authorizations/{id}/approve", "authority", new { note = "ok" })));

        Assert.Equal(3, replies.Count(r => r.Status == 200));
        Assert.Equal(17, replies.Count(r => r.Code == "quota-exhausted"));
        var notices = await _api.GetAsync($"/v1/notices/{notice}");
        Assert.Equal(3, notices.Json.GetProperty("approvedCount").GetInt32());
    }

    [Fact]
    public async Task PilotAuthorization_ActivatedBeforeFiling_Is409FilingRequired_AndActivatesAfterFiling()
    {
        var notice = await World.OpenNoticeAsync(await World.OperationalDomainAsync(), pilot: true);
        var id = await World.AuthorizationAsync("announced", noticeId: notice);
        var now = await World.NowAsync();
        var term = new { termStart = Scenarios.Instant(now), termEnd = Scenarios.Instant(now.AddMonths(12)) };

        var early = await _api.PostAsync($"/v1/authorizations/{id}/activate", "authority", term);
        var filed = await _api.PostAsync($"/v1/authorizations/{id}/file", "authority", new { filingRef = "FJ-2026-7" });
        var active = await _api.PostAsync($"/v1/authorizations/{id}/activate", "authority", term);

        Assert.Equal(409, early.Status);
        Assert.Equal("filing-required", early.Code);
        Assert.Equal("filed", filed.Str("state"));
        Assert.Equal("active", active.Str("state"));
    }

    [Fact]
    public async Task File_ANonPilotAuthorization_Is409InvalidTransition()
    {
        var id = await World.AuthorizationAsync("announced");

        var reply = await _api.PostAsync($"/v1/authorizations/{id}/file", "authority", new { filingRef = "X" });

        Assert.Equal(409, reply.Status);
        Assert.Equal("invalid-transition", reply.Code);
    }

    [Fact]
    public async Task Activate_ForMoreThanThirtySixMonths_Is400TermTooLong()
    {
        var id = await World.AuthorizationAsync("announced");
        var now = await World.NowAsync();

        var reply = await _api.PostAsync($"/v1/authorizations/{id}/activate", "authority",
            new { termStart = Scenarios.Instant(now), termEnd = Scenarios.Instant(now.AddMonths(36).AddDays(1)) });

        Assert.Equal(400, reply.Status);
        Assert.Equal("term-too-long", reply.Code);
    }

    [Fact]
    public async Task Activate_AgainstASuspendedDomain_Is409DomainNotOperational()
    {
        var domain = await World.OperationalDomainAsync();
        var id = await World.AuthorizationAsync("announced", noticeId: await World.OpenNoticeAsync(domain));
        await _api.PostAsync($"/v1/domains/{domain}/suspend", "supervisor", new { reason = "inspection" });
        var now = await World.NowAsync();

        var reply = await _api.PostAsync($"/v1/authorizations/{id}/activate", "authority",
            new { termStart = Scenarios.Instant(now), termEnd = Scenarios.Instant(now.AddMonths(6)) });

        Assert.Equal(409, reply.Status);
        Assert.Equal("domain-not-operational", reply.Code);
    }

    [Fact]
    public async Task Activate_InADomainOfAnotherCity_Is409DomainRegionMismatch()
    {
        var domain = await World.OperationalDomainAsync();
        var now = await World.NowAsync();
        var notice = Ids.New("ntc");
        await _api.PutAsync($"/v1/notices/{notice}", "authority", new
        {
            title = "Xiamen county call", field = "transport", region = new { level = "county", code = "350211" }, pilot = false,
            quota = (int?)null, opensAt = Scenarios.Instant(now.AddDays(-1)), closesAt = Scenarios.Instant(now.AddDays(30)), domainId = domain,
        });
        await _api.PostAsync($"/v1/notices/{notice}/publish", "authority");
        var id = await World.AuthorizationAsync("announced", noticeId: notice);

        var reply = await _api.PostAsync($"/v1/authorizations/{id}/activate", "authority",
            new { termStart = Scenarios.Instant(now), termEnd = Scenarios.Instant(now.AddMonths(6)) });

        Assert.Equal(409, reply.Status);
        Assert.Equal("domain-region-mismatch", reply.Code);
    }

    [Fact]
    public async Task Approve_BeforeVerification_Is409InvalidTransition_NamingSubmitted()
    {
        var id = await World.AuthorizationAsync("submitted");

        var reply = await _api.PostAsync($"/v1/authorizations/{id}/approve", "authority", new { note = "x" });

        Assert.Equal("invalid-transition", reply.Code);
        Assert.Contains("submitted", reply.Str("detail"));
    }

    [Fact]
    public async Task AnotherUnit_ReadingOrCommandingAnAuthorization_Gets404()
    {
        var owner = await World.QualifiedUnitAsync();
        var id = await World.AuthorizationAsync("submitted", uscc: owner);
        var stranger = Scenarios.NewUscc();

        var read = await _api.GetAsync($"/v1/authorizations/{id}", "unit", stranger);
        var withdraw = await _api.PostAsync($"/v1/authorizations/{id}/withdraw", "unit", new { reason = "x" }, unit: stranger);
        var own = await _api.GetAsync($"/v1/authorizations/{id}", "unit", owner);
        var list = await _api.GetAsync($"/v1/authorizations?unitId={owner}", "unit", stranger);

        Assert.Equal(404, read.Status);
        Assert.Equal(404, withdraw.Status);
        Assert.Equal(200, own.Status);
        Assert.Equal(404, list.Status);
    }

    [Fact]
    public async Task PublicAnnouncements_ListAnnouncedAuthorizations_WithoutAToken()
    {
        var id = await World.AuthorizationAsync("announced");
        var notYet = await World.AuthorizationAsync("approved");

        var items = await _api.ListAllAsync("/v1/public/announcements", role: null);

        var announced = Assert.Single(items, e => e.GetProperty("id").GetString() == id);
        Assert.Equal("Chronic disease insights", announced.GetProperty("scenarioTitle").GetString());
        Assert.True(announced.TryGetProperty("announcedAt", out _));
        Assert.DoesNotContain(items, e => e.GetProperty("id").GetString() == notYet);
    }

    [Theory]
    [InlineData("verify", "supervisor")]
    [InlineData("approve", "unit")]
    [InlineData("reject", "auditor")]
    [InlineData("withdraw", "authority")]
    [InlineData("announce", "supervisor")]
    [InlineData("file", "automation")]
    [InlineData("activate", "supervisor")]
    [InlineData("suspend", "auditor")]
    [InlineData("corrections", "supervisor")]
    [InlineData("reinstate", "authority")]
    [InlineData("terminate", "supervisor")]
    [InlineData("revoke", "unit")]
    [InlineData("reports", "authority")]
    public async Task CommandByARoleThatMayNotDoIt_Is403(string command, string role)
    {
        var reply = await _api.PostAsync($"/v1/authorizations/{Ids.New("auth")}/{command}", role, new { },
            unit: role == "unit" ? Scenarios.NewUscc() : null);

        Assert.Equal(403, reply.Status);
        Assert.Equal("forbidden", reply.Code);
    }

    [Theory]
    [InlineData("GET", "/v1/authorizations/x", "automation")]
    [InlineData("GET", "/v1/authorizations", "automation")]
    [InlineData("POST", "/v1/authorizations", "supervisor")]
    [InlineData("POST", "/v1/authorizations", "auditor")]
    [InlineData("GET", "/v1/inbox?recipient=supervisors", "automation")]
    public async Task ReadOrApplyByARoleThatMayNot_Is403(string method, string path, string role)
    {
        var reply = await _api.SendAsync(new HttpMethod(method), path, role, body: method == "POST" ? new { } : null);

        Assert.Equal(403, reply.Status);
    }

    [Fact]
    public async Task Inbox_OfAnotherUnit_Is404_AndWithoutAToken_Is401()
    {
        var own = Scenarios.NewUscc();

        var other = await _api.GetAsync($"/v1/inbox?recipient=unit:{Scenarios.NewUscc()}", "unit", own);
        var mine = await _api.GetAsync($"/v1/inbox?recipient=unit:{own}", "unit", own);
        var anonymous = await _api.GetAsync("/v1/inbox?recipient=supervisors", role: null);

        Assert.Equal(404, other.Status);
        Assert.Equal(200, mine.Status);
        Assert.Equal(401, anonymous.Status);
    }
}
