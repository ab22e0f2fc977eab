using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Notices;
using Domains.GrainInterfaces.Units;
using Domains.Grains.Deadlines;
using Domains.Grains.Entity;
using Domains.Grains.Notices;
using Domains.Grains.Storage;
using Domains.Grains.Units;
using Domains.Tests.Fixtures;

namespace Domains.Tests.Units;

/// <summary>The states and list rows of units and notices survive the JSON they are stored as.</summary>
public sealed class UnitAndNoticeStorageTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void UnitState_RoundTrips_WithProfileIncidentsQualificationAndAuthorizations()
    {
        var profile = Samples.QualifyingProfile with { Incidents = [new Incident(At.AddYears(-1), "declared")] };
        var qualification = new Qualification(false, [QualificationCodes.RecentIncident]);
        var state = new UnitState
        {
            Status = UnitStatus.NotQualified,
            Version = 3,
            Details = Samples.Details,
            SecurityProfile = profile,
            Incidents = [new Incident(At.AddDays(-1), "reported")],
            Qualification = qualification,
            Authorizations = [new TrackedAuthorization { AuthorizationId = "a-1", NoticeId = "n-1", Live = true }],
        };
        state.Deadlines.Add(new Deadline(OperatingUnitGrain.IncidentAgeingKind, At.AddYears(2)));
        state.Idempotency.Add(new IdempotencyEntry<UnitView>
        {
            Key = "k", RequestHash = "h", At = At,
            Value = new UnitView("u", UnitStatus.NotQualified, 3, At, At, Samples.Details, profile, state.Incidents, qualification),
        });
        var serializer = new JsonGrainStorageSerializer();

        var back = serializer.Deserialize<UnitState>(serializer.Serialize(state));

        Assert.Equal(UnitStatus.NotQualified, back.Status);
        Assert.Equal(Samples.Details, back.Details);
        Assert.Equal(profile.Incidents, back.SecurityProfile!.Incidents);
        Assert.Equal(profile with { Incidents = [] }, back.SecurityProfile with { Incidents = [] });
        Assert.Equal(state.Incidents, back.Incidents);
        Assert.Equal(qualification.Unmet, back.Qualification!.Unmet);
        Assert.Equal(("a-1", "n-1", true), (back.Authorizations[0].AuthorizationId, back.Authorizations[0].NoticeId, back.Authorizations[0].Live));
        Assert.Equal(state.Deadlines, back.Deadlines);
        Assert.Equal(qualification.Unmet, back.Idempotency[0].Value!.Qualification.Unmet);
    }

    [Fact]
    public void IdempotencyEntry_StoredBeforeKeysWereScoped_IsRead_AndAnswersAnyCaller()
    {
        const string stored = """{"status":1,"version":2,"idempotency":[{"key":"k","requestHash":"h","at":"2026-03-01T08:00:00+00:00","created":true}]}""";
        var serializer = new JsonGrainStorageSerializer();

        var back = serializer.Deserialize<UnitState>(BinaryData.FromString(stored));

        Assert.Equal(("k", "h", null), (back.Idempotency[0].Key, back.Idempotency[0].RequestHash, back.Idempotency[0].Caller));
        Assert.True(back.Idempotency[0].IsFrom(new Actor("anyone", Role.Supervisor)));
    }

    [Fact]
    public void IdempotencyEntry_RoundTrips_WithItsCaller_AndAnswersOnlyThatCaller()
    {
        var caller = new Actor("unit-a", Role.Unit, "u-1");
        var state = new UnitState { Version = 1 };
        state.Idempotency.Add(new IdempotencyEntry<UnitView> { Key = "k", Caller = IdempotencyEntry<UnitView>.CallerOf(caller), At = At });
        var serializer = new JsonGrainStorageSerializer();

        var back = serializer.Deserialize<UnitState>(serializer.Serialize(state)).Idempotency[0];

        Assert.True(back.IsFrom(caller));
        Assert.False(back.IsFrom(caller with { Subject = "unit-b" }));
        Assert.False(back.IsFrom(caller with { UnitId = "u-2" }));
        Assert.False(back.IsFrom(caller with { Role = Role.Supervisor, UnitId = null }));
    }

    [Fact]
    public void NoticeState_RoundTrips_WithItsQuotaHolders()
    {
        var state = new NoticeState
        {
            Status = NoticeStatus.Published,
            Version = 2,
            Definition = Samples.Notice(At, quota: 3),
            PublishedAt = At,
            QuotaHolders = ["a-1", "a-2"],
        };
        var serializer = new JsonGrainStorageSerializer();

        var back = serializer.Deserialize<NoticeState>(serializer.Serialize(state));

        Assert.Equal(NoticeStatus.Published, back.Status);
        Assert.Equal(state.Definition, back.Definition);
        Assert.Equal(At, back.PublishedAt);
        Assert.Equal(["a-1", "a-2"], back.QuotaHolders);
    }

    [Fact]
    public void NoticeView_RoundTripsThroughTheListTable()
    {
        var view = new NoticeView("n-1", NoticeStatus.Published, 2, At, At, Samples.Notice(At, quota: null), At, 0);

        var back = ViewJson.Deserialize<NoticeView>(ViewJson.Serialize(view));

        Assert.Equal(view, back);
    }
}
