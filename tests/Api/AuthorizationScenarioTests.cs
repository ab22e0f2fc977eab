using System.Globalization;
using Domains.Tests.Fixtures;

namespace Domains.Tests.Api;

/// <summary>Whole lifecycles over HTTP with the manual clock, asserting the inbox and the audit chain as they go.</summary>
[Collection(StackCollection.Name)]
public sealed class AuthorizationScenarioTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);
    private Scenarios World => new(_api);

    [Fact]
    public async Task PilotAuthorization_FromApplicationToExpiry_NotifiesAndAuditsEveryStep()
    {
        var uscc = await World.QualifiedUnitAsync("Mindong Data");
        var unitInbox = $"unit:{uscc}";
        var notice = await World.OpenNoticeAsync(await World.OperationalDomainAsync(), quota: 1, pilot: true);
        var applied = await World.ApplyAsync(uscc, notice);
        var id = applied.Str("id")!;
        var path = $"/v1/authorizations/{id}";
        var entity = $"authorization/{id}";

        Assert.Equal("verified", (await _api.PostAsync($"{path}/verify", "authority", new { outcome = "pass", note = "coordination ok" })).Str("state"));
        Assert.Equal("approved", (await _api.PostAsync($"{path}/approve", "authority", new { note = "fits the field" })).Str("state"));
        Assert.Equal("announced", (await _api.PostAsync($"{path}/announce", "authority")).Str("state"));
        Assert.Equal("filed", (await _api.PostAsync($"{path}/file", "authority", new { filingRef = "FJ-P-9" })).Str("state"));
        var start = (await World.NowAsync()).AddDays(1);
        var end = start.AddMonths(7);
        var active = await _api.PostAsync($"{path}/activate", "authority", new { termStart = Scenarios.Instant(start), termEnd = Scenarios.Instant(end) });
        Assert.Equal("active", active.Str("state"));
        Assert.Equal(2, active.Json.GetProperty("reports").GetArrayLength());
        Assert.True(await World.ChainValidAsync(entity));

        var suspended = await _api.PostAsync($"{path}/suspend", "supervisor", new { reason = "data left the domain", correctionDue = "P10D" });
        Assert.Equal("suspended", suspended.Str("state"));
        Assert.Single(await World.InboxAsync(unitInbox, "correction-ordered"));
        Assert.Equal(201, (await _api.PostAsync($"{path}/corrections", "unit", new { summary = "egress closed" }, unit: uscc)).Status);
        var reinstated = await _api.PostAsync($"{path}/reinstate", "supervisor", new { note = "verified the fix" });
        Assert.Equal("active", reinstated.Str("state"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, reinstated.Json.GetProperty("suspension").ValueKind);

        var report = await _api.PostAsync($"{path}/reports", "unit", new { period = 1, summary = "first quarter" }, unit: uscc);
        Assert.Equal(201, report.Status);
        Assert.False(report.Json.GetProperty("reports")[0].GetProperty("late").GetBoolean());

        await World.AdvanceToAsync(start.AddMonths(6).AddDays(1));
        Assert.DoesNotContain(await World.InboxAsync(unitInbox, "report-due"), n => n.GetProperty("subject").GetString()!.StartsWith("Report 1", StringComparison.Ordinal));
        Assert.Single(await World.InboxAsync(unitInbox, "report-due"));
        Assert.Single(await World.InboxAsync(unitInbox, "report-overdue"));
        Assert.Contains(await World.InboxAsync("supervisors", "report-overdue"), n => n.GetProperty("entity").GetString() == entity);

        await World.AdvanceToAsync(end.AddDays(1));
        var expired = await _api.GetAsync(path);
        Assert.Equal("expired", expired.Str("state"));
        var renewals = await World.InboxAsync(unitInbox, "renewal-due");
        Assert.Equal([end.AddDays(-90), end.AddDays(-30), end.AddDays(-7)],
            renewals.Select(n => DateTimeOffset.Parse(n.GetProperty("at").GetString()!, CultureInfo.InvariantCulture)));
        var expiry = Assert.Single(await World.InboxAsync(unitInbox, "authorization-expired"));
        Assert.Equal(end, DateTimeOffset.Parse(expiry.GetProperty("at").GetString()!, CultureInfo.InvariantCulture));
        Assert.True(await World.ChainValidAsync(entity));
        var audit = await _api.GetAsync($"/v1/audit?entity={entity}", "auditor");
        Assert.Equal(
            ["apply", "verify-pass", "approve", "announce", "file", "activate", "suspend", "submit-correction", "reinstate", "submit-report", "expire"],
            audit.Json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Equal("deleted", (await _api.GetAsync($"/v1/workspaces/{id}")).Str("state"));
    }

    [Fact]
    public async Task CorrectionNotSubmitted_ByItsDeadline_MarksTheSuspensionOverdue_AndNotifiesSupervisorsAndUnit()
    {
        var uscc = await World.QualifiedUnitAsync();
        var id = await World.AuthorizationAsync("active", uscc: uscc);
        var now = await World.NowAsync();
        await _api.PostAsync($"/v1/authorizations/{id}/suspend", "supervisor", new { reason = "breach", correctionDue = Scenarios.Instant(now.AddDays(3)) });

        await World.AdvanceToAsync(now.AddDays(4));

        var view = await _api.GetAsync($"/v1/authorizations/{id}");
        Assert.True(view.Json.GetProperty("suspension").GetProperty("overdue").GetBoolean());
        Assert.Single(await World.InboxAsync($"unit:{uscc}", "correction-overdue"));
        Assert.Contains(await World.InboxAsync("supervisors", "correction-overdue"), n => n.GetProperty("entity").GetString() == $"authorization/{id}");
    }

    [Fact]
    public async Task Suspend_ByTheAuthority_SuspendsAndClosesAccess()
    {
        var id = await World.AuthorizationAsync("active");

        var reply = await _api.PostAsync($"/v1/authorizations/{id}/suspend", "authority", new { reason = "breach found by the authority", correctionDue = "P10D" });

        Assert.Equal(200, reply.Status);
        Assert.Equal("suspended", reply.Str("state"));
        var workspace = await _api.GetAsync($"/v1/workspaces/{id}");
        Assert.Equal("suspended", workspace.Str("state"));
    }

    [Fact]
    public async Task DefaultCorrectionPeriod_IsThirtyDays()
    {
        var id = await World.AuthorizationAsync("active");
        var now = await World.NowAsync();

        var reply = await _api.PostAsync($"/v1/authorizations/{id}/suspend", "supervisor", new { reason = "breach" });

        Assert.Equal(now.AddDays(30), DateTimeOffset.Parse(reply.Json.GetProperty("suspension").GetProperty("correctionDue").GetString()!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ClockJumpOfTwoYears_HandlesEveryDeadlineOnce_InOrder_WithOneNoticeEach()
    {
        var uscc = await World.QualifiedUnitAsync();
        var start = (await World.NowAsync()).AddHours(1);
        var id = await World.AuthorizationAsync("active", uscc: uscc, termStart: start, termMonths: 36);

        await World.AdvanceToAsync(start.AddYears(2).AddHours(1));
        await World.AdvanceToAsync(start.AddYears(2).AddHours(2));

        var due = await World.InboxAsync($"unit:{uscc}", "report-due");
        var overdue = await World.InboxAsync($"unit:{uscc}", "report-overdue");
        var expectedDue = Enumerable.Range(1, 8).Select(p => start.AddMonths(3 * p)).ToList();
        Assert.Equal(expectedDue.Select(d => d.AddDays(-14)), due.Select(At));
        Assert.Equal(expectedDue, overdue.Select(At));
        Assert.Equal(due.Count, due.Select(n => n.GetProperty("id").GetString()).Distinct().Count());
        Assert.Empty(await World.InboxAsync($"unit:{uscc}", "renewal-due"));
        Assert.Equal("active", (await _api.GetAsync($"/v1/authorizations/{id}")).Str("state"));
    }

    [Fact]
    public async Task Renewal_WhenActivated_SupersedesThePrior_AndTakesOverItsWorkspace()
    {
        var uscc = await World.QualifiedUnitAsync();
        var prior = await World.AuthorizationAsync("active", uscc: uscc);
        var renewalNotice = await World.OpenNoticeAsync(await World.OperationalDomainAsync());

        var renewal = await World.AuthorizationAsync("active", uscc: uscc, noticeId: renewalNotice, renews: prior);

        var priorView = await _api.GetAsync($"/v1/authorizations/{prior}");
        Assert.Equal("superseded", priorView.Str("state"));
        Assert.Equal(renewal, priorView.Str("renewedBy"));
        Assert.Equal(prior, (await _api.GetAsync($"/v1/authorizations/{renewal}")).Str("renews"));
        Assert.Equal("handed-over", (await _api.GetAsync($"/v1/workspaces/{prior}")).Str("state"));
        Assert.Equal("active", (await _api.GetAsync($"/v1/workspaces/{renewal}")).Str("state"));
    }

    [Fact]
    public async Task Renewal_OfAnAuthorizationThatIsNotActive_IsRefused()
    {
        var uscc = await World.QualifiedUnitAsync();
        var prior = await World.AuthorizationAsync("approved", uscc: uscc);
        var notice = await World.OpenNoticeAsync(await World.OperationalDomainAsync());

        var reply = await World.ApplyAsync(uscc, notice, renews: prior);

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
    }

    [Fact]
    public async Task TerminateAndRevoke_EndTheAuthorization_AndCloseItsWorkspace()
    {
        var terminated = await World.AuthorizationAsync("active");
        var revoked = await World.AuthorizationAsync("active");

        var t = await _api.PostAsync($"/v1/authorizations/{terminated}/terminate", "authority", new { reason = "agreement ended early" });
        var r = await _api.PostAsync($"/v1/authorizations/{revoked}/revoke", "supervisor", new { reason = "serious breach" });

        Assert.Equal("terminated", t.Str("state"));
        Assert.Equal("revoked", r.Str("state"));
        Assert.Equal("deleted", (await _api.GetAsync($"/v1/workspaces/{terminated}")).Str("state"));
        Assert.False((await _api.GetAsync($"/v1/workspaces/{revoked}")).Json.GetProperty("accessOpen").GetBoolean());
    }

    private static DateTimeOffset At(System.Text.Json.JsonElement notice) =>
        DateTimeOffset.Parse(notice.GetProperty("at").GetString()!, CultureInfo.InvariantCulture);
}
