using Domains.Tests.Fixtures;

namespace Domains.Tests.Api;

[Collection(StackCollection.Name)]
public sealed class InspectionApiTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);
    private Scenarios World => new(_api);

    [Fact]
    public async Task BreachFinding_WithASuspension_RecordsTheInspection_AndSuspendsInTheSameRequest()
    {
        var uscc = await World.QualifiedUnitAsync();
        var id = await World.AuthorizationAsync("active", uscc: uscc, termStart: await World.NowAsync());

        var reply = await _api.PostAsync($"/v1/units/{uscc}/inspections", "supervisor", new
        {
            scope = "data use",
            findings = "raw extracts copied out of the domain",
            breach = true,
            authorizationId = id,
            suspend = new { correctionDue = "P15D" },
        });

        Assert.Equal(201, reply.Status);
        Assert.Equal("suspended", reply.Str("authorizationState"));
        var authorization = await _api.GetAsync($"/v1/authorizations/{id}");
        Assert.StartsWith($"inspection {reply.Str("id")}", authorization.Json.GetProperty("suspension").GetProperty("reason").GetString());
        var unit = await _api.GetAsync($"/v1/units/{uscc}");
        Assert.Equal(reply.Str("id"), unit.Json.GetProperty("inspections")[0].GetProperty("id").GetString());
        var audit = await _api.GetAsync($"/v1/audit?entity=unit/{uscc}", "auditor");
        Assert.Contains(audit.Json.GetProperty("items").EnumerateArray(), e => e.GetProperty("action").GetString() == "record-inspection");
        Assert.Single(await World.InboxAsync($"unit:{uscc}", "correction-ordered"));
    }

    /// <summary>
    /// The unit's save lands but its delivery fails (as if the silo died right after it): nobody retries the
    /// request, yet the suspension follows, because it was saved with the inspection as one step.
    /// </summary>
    [Fact]
    public async Task BreachSuspension_WhenTheStepAfterTheInspectionsSaveFails_IsStillMade_WithoutARetryByTheCaller()
    {
        var uscc = await World.QualifiedUnitAsync();
        var id = await World.AuthorizationAsync("active", uscc: uscc, termStart: await World.NowAsync());

        FaultInjectingJournal.FailNextAuditAppendOf("unit", uscc);
        var failed = await _api.PostAsync($"/v1/units/{uscc}/inspections", "supervisor", new
        {
            scope = "data use",
            findings = "raw extracts copied out of the domain",
            breach = true,
            authorizationId = id,
            suspend = new { correctionDue = "P15D" },
        });
        await World.AdvanceToAsync((await World.NowAsync()).AddMinutes(2));

        Assert.Equal(500, failed.Status);
        var authorization = await _api.GetAsync($"/v1/authorizations/{id}");
        Assert.Equal("suspended", authorization.Str("state"));
        Assert.StartsWith("inspection insp-", authorization.Json.GetProperty("suspension").GetProperty("reason").GetString());
        Assert.Equal("suspended", (await _api.GetAsync($"/v1/workspaces/{id}")).Str("state"));
        Assert.Equal(1, (await _api.GetAsync($"/v1/units/{uscc}")).Json.GetProperty("inspections").GetArrayLength());
    }

    [Fact]
    public async Task BreachSuspension_OfAnAuthorizationThatCannotBeSuspended_Is409_AndRecordsNoInspection()
    {
        var uscc = await World.QualifiedUnitAsync();
        var id = await World.AuthorizationAsync("active", uscc: uscc, termStart: await World.NowAsync());
        await _api.PostAsync($"/v1/authorizations/{id}/terminate", "authority", new { reason = "agreement ended" });

        var reply = await _api.PostAsync($"/v1/units/{uscc}/inspections", "supervisor",
            new { scope = "s", findings = "f", breach = true, authorizationId = id, suspend = new { } });

        Assert.Equal(409, reply.Status);
        Assert.Equal("invalid-transition", reply.Code);
        Assert.Equal(0, (await _api.GetAsync($"/v1/units/{uscc}")).Json.GetProperty("inspections").GetArrayLength());
    }

    [Fact]
    public async Task Finding_WithoutBreach_IsRecorded_AndChangesNoAuthorization()
    {
        var uscc = await World.QualifiedUnitAsync();

        var reply = await _api.PostAsync($"/v1/units/{uscc}/inspections", "supervisor", new { scope = "systems", findings = "in order", breach = false });

        Assert.Equal(201, reply.Status);
        Assert.False(reply.Json.GetProperty("breach").GetBoolean());
    }

    [Fact]
    public async Task Inspection_NamingAnotherUnitsAuthorization_Is400()
    {
        var id = await World.AuthorizationAsync("active");
        var other = await World.QualifiedUnitAsync();

        var reply = await _api.PostAsync($"/v1/units/{other}/inspections", "supervisor",
            new { scope = "s", findings = "f", breach = true, authorizationId = id, suspend = new { } });

        Assert.Equal(400, reply.Status);
        Assert.Equal("validation-failed", reply.Code);
    }

    [Theory]
    [InlineData("authority")]
    [InlineData("auditor")]
    [InlineData("automation")]
    public async Task Inspection_ByAnyoneButASupervisor_Is403(string role)
    {
        var reply = await _api.PostAsync($"/v1/units/{Scenarios.NewUscc()}/inspections", role, new { scope = "s", findings = "f", breach = false });

        Assert.Equal(403, reply.Status);
    }
}
