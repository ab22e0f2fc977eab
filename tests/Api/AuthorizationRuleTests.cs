using System.Globalization;
using System.Text.Json;
using Domains.Tests.Fixtures;

namespace Domains.Tests.Api;

/// <summary>
/// Rules that hold past the application: qualification at every decision (R1), a notice to the unit for
/// every decision and to the supervisors for a correction (R10), the public list telling the current
/// state (R5), and a renewal that keeps access continuous (R9).
/// </summary>
[Collection(StackCollection.Name)]
public sealed class AuthorizationRuleTests(StackFixture stack)
{
    private const string Dataset = "ds-hospital-visits";
    private readonly ApiClient _api = new(stack);
    private Scenarios World => new(_api);

    [Fact]
    public async Task VerifyPass_OfAUnitThatLostItsQualification_Is422UnitNotQualified_ButVerifyFailRejects()
    {
        var uscc = await World.QualifiedUnitAsync();
        var id = await World.AuthorizationAsync("submitted", uscc: uscc);
        await IncidentAsync(uscc);

        var pass = await _api.PostAsync($"/v1/authorizations/{id}/verify", "authority", new { outcome = "pass", note = "ok" });
        var fail = await _api.PostAsync($"/v1/authorizations/{id}/verify", "authority", new { outcome = "fail", note = "incident" });

        AssertUnqualified(pass);
        Assert.Equal(200, fail.Status);
        Assert.Equal("rejected", fail.Str("state"));
    }

    [Fact]
    public async Task Approve_OfAUnitThatLostItsQualification_Is422UnitNotQualified_AndStaysVerified()
    {
        var uscc = await World.QualifiedUnitAsync();
        var id = await World.AuthorizationAsync("verified", uscc: uscc);
        await IncidentAsync(uscc);

        var reply = await _api.PostAsync($"/v1/authorizations/{id}/approve", "authority", new { note = "ok" });

        AssertUnqualified(reply);
        Assert.Equal("verified", (await _api.GetAsync($"/v1/authorizations/{id}")).Str("state"));
    }

    [Fact]
    public async Task Activate_OfAUnitThatLostItsQualification_Is422UnitNotQualified_AndOpensNoWorkspace()
    {
        var uscc = await World.QualifiedUnitAsync();
        var id = await World.AuthorizationAsync("announced", uscc: uscc);
        await IncidentAsync(uscc);
        var start = await World.NowAsync();

        var reply = await _api.PostAsync($"/v1/authorizations/{id}/activate", "authority",
            new { termStart = Scenarios.Instant(start), termEnd = Scenarios.Instant(start.AddMonths(12)) });

        AssertUnqualified(reply);
        Assert.Equal("announced", (await _api.GetAsync($"/v1/authorizations/{id}")).Str("state"));
        Assert.Equal(404, (await _api.GetAsync($"/v1/workspaces/{id}")).Status);
    }

    [Fact]
    public async Task EveryDecision_NotifiesItsUnitOnce_AndACorrectionTheSupervisors_AndNoOtherUnit()
    {
        var uscc = await World.QualifiedUnitAsync();
        var bystander = await World.QualifiedUnitAsync("Bystander Co.");
        var theirs = await World.AuthorizationAsync("active", uscc: bystander);
        var id = await World.AuthorizationAsync("submitted", uscc: uscc);
        var path = $"/v1/authorizations/{id}";
        var now = await World.NowAsync();

        Assert.Equal(200, (await _api.PostAsync($"{path}/verify", "authority", new { outcome = "pass", note = "ok" })).Status);
        Assert.Equal(200, (await _api.PostAsync($"{path}/approve", "authority", new { note = "ok" })).Status);
        Assert.Equal(200, (await _api.PostAsync($"{path}/announce", "authority")).Status);
        Assert.Equal(200, (await _api.PostAsync($"{path}/activate", "authority",
            new { termStart = Scenarios.Instant(now), termEnd = Scenarios.Instant(now.AddMonths(12)) })).Status);
        for (var round = 0; round < 2; round++)
        {
            Assert.Equal(200, (await _api.PostAsync($"{path}/suspend", "supervisor", new { reason = "breach", correctionDue = "P10D" })).Status);
            Assert.Equal(201, (await _api.PostAsync($"{path}/corrections", "unit", new { summary = $"fixed {round}" }, unit: uscc)).Status);
            Assert.Equal(200, (await _api.PostAsync($"{path}/reinstate", "supervisor", new { note = "fixed" })).Status);
        }
        Assert.Equal(200, (await _api.PostAsync($"{path}/terminate", "authority", new { reason = "agreement ended early" })).Status);

        Assert.Equal(
            ["authorization-verified", "authorization-approved", "authorization-activated",
             "correction-ordered", "authorization-reinstated", "correction-ordered", "authorization-reinstated",
             "authorization-terminated"],
            await KindsAboutAsync($"unit:{uscc}", id, unit: uscc));
        Assert.Equal(["correction-submitted", "correction-submitted"], await KindsAboutAsync("supervisors", id));
        var theirInbox = await World.InboxAsync($"unit:{bystander}", role: "unit", unit: bystander);
        Assert.All(theirInbox, n => Assert.EndsWith($"/{theirs}", n.GetProperty("entity").GetString()!, StringComparison.Ordinal));
        Assert.Equal(["authorization-verified", "authorization-approved", "authorization-activated"], await KindsAboutAsync($"unit:{bystander}", theirs));
    }

    [Fact]
    public async Task RejectionsAndRevocation_EachNotifyTheUnitOnce()
    {
        var uscc = await World.QualifiedUnitAsync();
        var failed = await World.AuthorizationAsync("submitted", uscc: uscc);
        var rejected = await World.AuthorizationAsync("verified", uscc: uscc);
        var revoked = await World.AuthorizationAsync("active", uscc: uscc);

        await _api.PostAsync($"/v1/authorizations/{failed}/verify", "authority", new { outcome = "fail", note = "materials do not fit" });
        await _api.PostAsync($"/v1/authorizations/{rejected}/reject", "authority", new { reason = "quota policy" });
        await _api.PostAsync($"/v1/authorizations/{revoked}/revoke", "supervisor", new { reason = "serious breach" });

        Assert.Equal(["authorization-rejected"], await KindsAboutAsync($"unit:{uscc}", failed));
        Assert.Equal(["authorization-verified", "authorization-rejected"], await KindsAboutAsync($"unit:{uscc}", rejected));
        Assert.Equal(["authorization-verified", "authorization-approved", "authorization-activated", "authorization-revoked"],
            await KindsAboutAsync($"unit:{uscc}", revoked));
    }

    [Fact]
    public async Task PublicAnnouncements_ShowTheCurrentState_AndMarkAnEndedOneWithItsInstant()
    {
        var announced = await World.AuthorizationAsync("announced");
        var suspended = await World.AuthorizationAsync("active");
        var revoked = await World.AuthorizationAsync("active");
        await _api.PostAsync($"/v1/authorizations/{suspended}/suspend", "supervisor", new { reason = "breach" });
        var revocation = await _api.PostAsync($"/v1/authorizations/{revoked}/revoke", "supervisor", new { reason = "serious breach" });

        var items = await AnnouncementsAsync();

        var a = Assert.Single(items, e => e.GetProperty("id").GetString() == announced);
        Assert.Equal("announced", a.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, a.GetProperty("ended").ValueKind);
        var s = Assert.Single(items, e => e.GetProperty("id").GetString() == suspended);
        Assert.Equal("suspended", s.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, s.GetProperty("ended").ValueKind);
        var r = Assert.Single(items, e => e.GetProperty("id").GetString() == revoked);
        Assert.Equal("revoked", r.GetProperty("state").GetString());
        Assert.Equal("revoked", r.GetProperty("ended").GetProperty("state").GetString());
        Assert.Equal(Instant(revocation.Json.GetProperty("endedAt")), Instant(r.GetProperty("ended").GetProperty("at")));
        Assert.Equal("Chronic disease insights", r.GetProperty("scenarioTitle").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheAnnouncementsStateAndEnd()
    {
        var reply = await _api.GetAsync("/openapi/v1.json", role: null);

        var schema = reply.Json.GetProperty("components").GetProperty("schemas").GetProperty("AnnouncementResponse").GetProperty("properties");
        Assert.True(schema.TryGetProperty("state", out _), reply.Body);
        Assert.Contains("null while it has not ended", schema.GetProperty("ended").GetRawText(), StringComparison.Ordinal);
        Assert.True(reply.Json.GetProperty("components").GetProperty("schemas").GetProperty("AnnouncementEndedResponse")
            .GetProperty("properties").TryGetProperty("at", out _));
    }

    [Fact]
    public async Task RenewalActivation_WithATermStartingAfterThePriorEnds_Is400ValidationFailedNamingTermStart()
    {
        var uscc = await World.QualifiedUnitAsync();
        var priorStart = await World.NowAsync();
        var prior = await World.AuthorizationAsync("active", uscc: uscc, termStart: priorStart, termMonths: 12);
        var renewal = await World.AuthorizationAsync("announced", uscc: uscc, renews: prior);
        var start = priorStart.AddMonths(12).AddDays(1);

        var reply = await _api.PostAsync($"/v1/authorizations/{renewal}/activate", "authority",
            new { termStart = Scenarios.Instant(start), termEnd = Scenarios.Instant(start.AddMonths(24)) });

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
        Assert.True(reply.Json.GetProperty("errors").TryGetProperty("termStart", out _), reply.Body);
        Assert.Equal("active", (await _api.GetAsync($"/v1/authorizations/{prior}")).Str("state"));
    }

    [Fact]
    public async Task RenewalActivated_BeforeItsTermStarts_KeepsAccessOpen_UnderThePriorsTerm()
    {
        var uscc = await World.QualifiedUnitAsync();
        var priorStart = await World.NowAsync();
        var prior = await World.AuthorizationAsync("active", uscc: uscc, termStart: priorStart, termMonths: 12);
        Assert.Equal((true, "allowed"), await AccessAsync(prior, uscc));

        var renewal = await World.AuthorizationAsync("active", uscc: uscc, renews: prior, termStart: priorStart.AddMonths(12));

        Assert.Equal("superseded", (await _api.GetAsync($"/v1/authorizations/{prior}")).Str("state"));
        Assert.Equal("handed-over", (await _api.GetAsync($"/v1/workspaces/{prior}")).Str("state"));
        Assert.Equal((true, "allowed"), await AccessAsync(renewal, uscc));
        Assert.Equal((false, "authorization-ended"), await AccessAsync(prior, uscc));
    }

    private async Task IncidentAsync(string uscc)
    {
        var now = await World.NowAsync();
        var incident = await _api.PostAsync($"/v1/units/{uscc}/incidents", "supervisor", new { occurredAt = Scenarios.Instant(now.AddDays(-1)), summary = "data leak" });
        Assert.Equal(201, incident.Status);
        Assert.Equal("not-qualified", incident.Str("state"));
    }

    private static void AssertUnqualified(Reply reply)
    {
        Assert.Equal(422, reply.Status);
        Assert.Equal("unit-not-qualified", reply.Code);
        Assert.Contains("recent-incident", reply.Json.GetProperty("unmet").EnumerateArray().Select(e => e.GetString()));
    }

    private async Task<List<string>> KindsAboutAsync(string recipient, string authorizationId, string? unit = null)
    {
        var inbox = unit is null ? await World.InboxAsync(recipient) : await World.InboxAsync(recipient, role: "unit", unit: unit);
        return inbox.Where(n => n.GetProperty("entity").GetString() == $"authorization/{authorizationId}")
            .Select(n => n.GetProperty("kind").GetString()!).ToList();
    }

    private async Task<(bool Allowed, string Reason)> AccessAsync(string workspace, string unit)
    {
        var reply = await _api.GetAsync($"/v1/access?workspace={workspace}&unit={unit}&dataset={Dataset}", "automation");
        Assert.Equal(200, reply.Status);
        return (reply.Json.GetProperty("allowed").GetBoolean(), reply.Str("reason")!);
    }

    private Task<List<JsonElement>> AnnouncementsAsync() => _api.ListAllAsync("/v1/public/announcements", role: null);

    private static DateTimeOffset Instant(JsonElement e) => DateTimeOffset.Parse(e.GetString()!, CultureInfo.InvariantCulture);
}
