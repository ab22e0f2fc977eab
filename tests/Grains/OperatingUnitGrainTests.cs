using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Audit;
using Domains.GrainInterfaces.Clock;
using Domains.GrainInterfaces.Units;
using Domains.Grains.Units;
using Domains.Tests.Fixtures;
using Npgsql;

namespace Domains.Tests.Grains;

[Collection(StackCollection.Name)]
public sealed class OperatingUnitGrainTests(StackFixture stack)
{
    private IBusinessClockGrain Clock => stack.Grains.GetGrain<IBusinessClockGrain>(0);

    private IAuditReaderGrain Audit => stack.Grains.GetGrain<IAuditReaderGrain>(0);

    private async Task<(string Uscc, IOperatingUnitGrain Grain)> RegisteredAsync(SecurityProfile? profile = null)
    {
        var uscc = Usccs.New();
        var grain = stack.Grains.GetGrain<IOperatingUnitGrain>(uscc);
        await grain.RegisterAsync(Samples.Details, Contexts.Authority());
        if (profile is not null) await grain.SetSecurityProfileAsync(profile, Contexts.Authority());
        return (uscc, grain);
    }

    [Fact]
    public async Task Register_NewUnit_IsRegistered_AndNotQualifiedUntilItHasAProfile()
    {
        var grain = stack.Grains.GetGrain<IOperatingUnitGrain>(Usccs.New());

        var result = await grain.RegisterAsync(Samples.Details, Contexts.Authority());

        Assert.True(result.Created);
        Assert.Equal(UnitStatus.Registered, result.Value!.State);
        Assert.False(result.Value.Qualification.Qualified);
        Assert.DoesNotContain(QualificationCodes.SecurityOfficer, result.Value.Qualification.Unmet);
        Assert.Contains(QualificationCodes.Credit, result.Value.Qualification.Unmet);
    }

    [Fact]
    public async Task FullFlow_RegisterProfileIncidentUpdate_MovesStatusAndAuditsEachCommand()
    {
        var (uscc, grain) = await RegisteredAsync();
        var now = (await Clock.GetStatusAsync()).Now;

        var qualified = await grain.SetSecurityProfileAsync(Samples.QualifyingProfile, Contexts.Authority());
        var incident = await grain.ReportIncidentAsync(new Incident(now.AddDays(-2), "phishing"), Contexts.Supervisor("phishing"));
        var updated = await grain.RegisterAsync(Samples.Details with { Name = "renamed" }, Contexts.Authority());

        Assert.Equal(UnitStatus.Qualified, qualified.Value!.State);
        Assert.Equal(UnitStatus.NotQualified, incident.Value!.State);
        Assert.Equal([QualificationCodes.RecentIncident], incident.Value.Qualification.Unmet);
        Assert.Equal(UnitStatus.NotQualified, updated.Value!.State);
        Assert.Equal(4, updated.Value.Version);
        var audit = await Audit.ListAsync(new AuditQuery(new EntityRef("unit", uscc), null, null, null, 0, 50));
        Assert.Equal(["register", "set-security-profile", "report-incident", "update"], audit.Items.Select(e => e.Action));
        Assert.Equal([null, "registered", "qualified", "not-qualified"], audit.Items.Select(e => e.FromState));
        Assert.Equal("supervisor", audit.Items[2].Role);
        Assert.True((await Audit.VerifyAsync(new EntityRef("unit", uscc))).Valid);
    }

    public static TheoryData<UnitStatus, UnitCommand> StatesAndCommands()
    {
        var data = new TheoryData<UnitStatus, UnitCommand>();
        foreach (var status in Enum.GetValues<UnitStatus>())
        {
            foreach (var command in new[] { UnitCommand.Update, UnitCommand.SetSecurityProfile, UnitCommand.ReportIncident })
            {
                data.Add(status, command);
            }
        }
        return data;
    }

    /// <summary>Every command is taken in every state; the status afterwards is the one R1's verdict picks.</summary>
    [Theory]
    [MemberData(nameof(StatesAndCommands))]
    public async Task Command_InEveryState_IsAccepted_AndReEvaluatesQualification(UnitStatus from, UnitCommand command)
    {
        var now = (await Clock.GetStatusAsync()).Now;
        var (uscc, grain) = await RegisteredAsync(from switch
        {
            UnitStatus.Qualified => Samples.QualifyingProfile,
            UnitStatus.NotQualified => Samples.QualifyingProfile with { MlpsLevel3 = false },
            _ => null,
        });
        var before = (await grain.GetAsync(Actor.System))!;
        Assert.Equal(from, before.State);

        var result = command switch
        {
            UnitCommand.Update => await grain.RegisterAsync(Samples.Details with { Name = "renamed" }, Contexts.Authority()),
            UnitCommand.SetSecurityProfile => await grain.SetSecurityProfileAsync(Samples.QualifyingProfile, Contexts.Authority()),
            _ => await grain.ReportIncidentAsync(new Incident(now.AddDays(-1), "breach"), Contexts.Supervisor()),
        };

        Assert.True(result.IsSuccess);
        var after = (await grain.GetAsync(Actor.System))!;
        var expected = Qualification.Evaluate(after.Details, after.SecurityProfile, after.Incidents, now);
        var verdict = UnitLifecycle.VerdictOf(after.SecurityProfile, expected);
        var decision = UnitLifecycle.Decide(from, verdict);
        Assert.Equal(decision.To, after.State);
        Assert.Equal(expected.Unmet, after.Qualification.Unmet);
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Equal(after.Version, (await Audit.VerifyAsync(new EntityRef("unit", uscc))).Events);
    }

    [Fact]
    public async Task Command_OnAnUnregisteredUnit_IsNotFound_AndCreatesNothing()
    {
        var grain = stack.Grains.GetGrain<IOperatingUnitGrain>(Usccs.New());

        var profile = await grain.SetSecurityProfileAsync(Samples.QualifyingProfile, Contexts.Authority());
        var incident = await grain.ReportIncidentAsync(new Incident(DateTimeOffset.UnixEpoch, "x"), Contexts.Supervisor());

        Assert.Equal(ErrorCodes.NotFound, profile.Error?.Code);
        Assert.Equal(ErrorCodes.NotFound, incident.Error?.Code);
        Assert.Null(await grain.GetAsync(Actor.System));
        Assert.Null(await grain.GetQualificationAsync());
    }

    [Fact]
    public async Task ReportIncident_AfterTheClock_IsValidationFailed_AndChangesNothing()
    {
        var (_, grain) = await RegisteredAsync(Samples.QualifyingProfile);
        var now = (await Clock.GetStatusAsync()).Now;

        var result = await grain.ReportIncidentAsync(new Incident(now.AddDays(1), "not yet"), Contexts.Supervisor());

        Assert.Equal(ErrorCodes.ValidationFailed, result.Error?.Code);
        Assert.Equal(2, (await grain.GetAsync(Actor.System))!.Version);
    }

    [Fact]
    public async Task Get_AsAUnit_SeesOnlyItsOwn()
    {
        var (uscc, grain) = await RegisteredAsync();

        var own = await grain.GetAsync(new Actor("u", Role.Unit, uscc));
        var other = await grain.GetAsync(new Actor("u", Role.Unit, Usccs.New()));
        var supervisor = await grain.GetAsync(new Actor("s", Role.Supervisor));

        Assert.NotNull(own);
        Assert.Null(other);
        Assert.NotNull(supervisor);
    }

    [Fact]
    public async Task OnlyIncident_Turning3YearsOld_ByTheClock_QualifiesTheUnitAgain()
    {
        var now = (await Clock.GetStatusAsync()).Now;
        var incident = new Incident(now.AddYears(-3).AddDays(1), "data leak");
        var (uscc, grain) = await RegisteredAsync(Samples.QualifyingProfile with { Incidents = [incident] });
        var before = (await grain.GetAsync(Actor.System))!;
        var armed = await AgeingDeadlinesAsync(uscc);

        await Clock.AdvanceToAsync(now.AddDays(1).AddMinutes(-1), Contexts.Authority());
        var justBefore = (await grain.GetAsync(Actor.System))!;
        await Clock.AdvanceToAsync(now.AddDays(1), Contexts.Authority());
        var after = (await grain.GetAsync(Actor.System))!;

        Assert.Equal(UnitStatus.NotQualified, before.State);
        Assert.Equal([now.AddDays(1)], armed);
        Assert.Equal(UnitStatus.NotQualified, justBefore.State);
        Assert.Equal(UnitStatus.Qualified, after.State);
        Assert.Empty(after.Qualification.Unmet);
        Assert.True((await grain.GetQualificationAsync())!.Qualified);
        var audit = await Audit.ListAsync(new AuditQuery(new EntityRef("unit", uscc), null, null, null, 0, 50));
        var aged = audit.Items[^1];
        Assert.Equal(("age-incident", "not-qualified", "qualified", "system"), (aged.Action, aged.FromState, aged.ToState, aged.Role));
        Assert.Equal(now.AddDays(1), aged.At);
        Assert.Empty(await AgeingDeadlinesAsync(uscc));
    }

    [Fact]
    public async Task FirstOfTwoIncidentsAgeing_KeepsTheUnitNotQualified_UntilTheSecondAgesToo()
    {
        var now = (await Clock.GetStatusAsync()).Now;
        var (uscc, grain) = await RegisteredAsync(Samples.QualifyingProfile with
        {
            Incidents = [new Incident(now.AddYears(-3).AddHours(1), "first")],
        });
        await grain.ReportIncidentAsync(new Incident(now.AddYears(-3).AddHours(2), "second"), Contexts.Supervisor());
        var version = (await grain.GetAsync(Actor.System))!.Version;

        await Clock.AdvanceToAsync(now.AddHours(1), Contexts.Authority());
        var afterFirst = (await grain.GetAsync(Actor.System))!;
        await Clock.AdvanceToAsync(now.AddHours(2), Contexts.Authority());
        var afterSecond = (await grain.GetAsync(Actor.System))!;

        Assert.Equal(UnitStatus.NotQualified, afterFirst.State);
        Assert.Equal(version, afterFirst.Version);
        Assert.Equal(UnitStatus.Qualified, afterSecond.State);
        Assert.Equal(version + 1, afterSecond.Version);
        Assert.Empty(await AgeingDeadlinesAsync(uscc));
    }

    [Fact]
    public async Task ReportIncident_NotifiesSupervisors_OncePerLiveAuthorization_AndPerIncident()
    {
        var (uscc, grain) = await RegisteredAsync(Samples.QualifyingProfile);
        var now = (await Clock.GetStatusAsync()).Now;
        Assert.True((await grain.ReserveApplicationAsync("notice-a", "auth-a")).Granted);
        await grain.TrackAuthorizationAsync("auth-b", "notice-b", live: true);
        await grain.TrackAuthorizationAsync("auth-c", "notice-c", live: true);
        await grain.TrackAuthorizationAsync("auth-c", "notice-c", live: false);

        await grain.ReportIncidentAsync(new Incident(now.AddHours(-3), "intrusion"), Contexts.Supervisor());
        var afterFirst = await IncidentNoticesAsync(uscc);
        await grain.ReportIncidentAsync(new Incident(now.AddHours(-2), "intrusion"), Contexts.Supervisor());
        var afterSecond = await IncidentNoticesAsync(uscc);

        Assert.Equal(2, afterFirst.Count);
        Assert.All(afterFirst, n => Assert.Equal("supervisors", n.Recipient));
        Assert.Contains(afterFirst, n => n.Subject.Contains("auth-a", StringComparison.Ordinal));
        Assert.Contains(afterFirst, n => n.Subject.Contains("auth-b", StringComparison.Ordinal));
        Assert.DoesNotContain(afterFirst, n => n.Subject.Contains("auth-c", StringComparison.Ordinal));
        Assert.Equal(4, afterSecond.Count);
    }

    [Fact]
    public async Task ReportIncident_WithoutLiveAuthorizations_NotifiesNobody()
    {
        var (uscc, grain) = await RegisteredAsync(Samples.QualifyingProfile);

        await grain.ReportIncidentAsync(new Incident(DateTimeOffset.UnixEpoch, "long ago"), Contexts.Supervisor());

        Assert.Empty(await IncidentNoticesAsync(uscc));
    }

    [Fact]
    public async Task ReserveApplication_OnePerNotice_IdempotentForTheSameAuthorization_FreedWhenItEnds()
    {
        var (_, grain) = await RegisteredAsync(Samples.QualifyingProfile);
        var version = (await grain.GetAsync(Actor.System))!.Version;

        var first = await grain.ReserveApplicationAsync("notice-1", "auth-1");
        var repeat = await grain.ReserveApplicationAsync("notice-1", "auth-1");
        var duplicate = await grain.ReserveApplicationAsync("notice-1", "auth-2");
        var otherNotice = await grain.ReserveApplicationAsync("notice-2", "auth-3");
        await grain.TrackAuthorizationAsync("auth-1", "notice-1", live: false);
        var afterEnd = await grain.ReserveApplicationAsync("notice-1", "auth-4");

        Assert.Equal(new ApplicationReservation(true, null), first);
        Assert.Equal(new ApplicationReservation(true, null), repeat);
        Assert.Equal(new ApplicationReservation(false, "auth-1"), duplicate);
        Assert.True(otherNotice.Granted);
        Assert.True(afterEnd.Granted);
        Assert.Equal(version, (await grain.GetAsync(Actor.System))!.Version);
    }

    [Fact]
    public async Task ReserveApplication_ForAnUnregisteredUnit_IsRefused()
    {
        var grain = stack.Grains.GetGrain<IOperatingUnitGrain>(Usccs.New());

        var reservation = await grain.ReserveApplicationAsync("notice-1", "auth-1");

        Assert.False(reservation.Granted);
        Assert.Null(reservation.ExistingAuthorizationId);
        Assert.Null(await grain.GetAsync(Actor.System));
    }

    [Fact]
    public async Task UnitRow_IsListed_WithItsUsccAsUnitId()
    {
        var (uscc, _) = await RegisteredAsync(Samples.QualifyingProfile);

        await using var db = NpgsqlDataSource.Create(stack.ConnectionString);
        await using var cmd = db.CreateCommand("SELECT state, unit_id, version FROM resources WHERE entity_type = 'unit' AND id = @id");
        cmd.Parameters.AddWithValue("id", uscc);
        await using var reader = await cmd.ExecuteReaderAsync();

        Assert.True(await reader.ReadAsync());
        Assert.Equal("qualified", reader.GetString(0));
        Assert.Equal(uscc, reader.GetString(1));
        Assert.Equal(2, reader.GetInt64(2));
    }

    private async Task<List<DateTimeOffset>> AgeingDeadlinesAsync(string uscc)
    {
        await using var db = NpgsqlDataSource.Create(stack.ConnectionString);
        await using var cmd = db.CreateCommand("SELECT due_at FROM deadlines WHERE entity_type = 'unit' AND entity_id = @id AND kind = @kind ORDER BY due_at");
        cmd.Parameters.AddWithValue("id", uscc);
        cmd.Parameters.AddWithValue("kind", OperatingUnitGrain.IncidentAgeingKind);
        var rows = new List<DateTimeOffset>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(new DateTimeOffset(reader.GetDateTime(0), TimeSpan.Zero));
        return rows;
    }

    private async Task<List<(string Recipient, string Subject)>> IncidentNoticesAsync(string uscc)
    {
        await using var db = NpgsqlDataSource.Create(stack.ConnectionString);
        await using var cmd = db.CreateCommand("SELECT recipient, subject FROM notifications WHERE entity = @entity AND kind = 'unit-incident' ORDER BY seq");
        cmd.Parameters.AddWithValue("entity", $"unit/{uscc}");
        var rows = new List<(string, string)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }
}
