using Domains.GrainInterfaces.Units;
using Domains.Grains.Lifecycle;
using Domains.Grains.Units;
using Domains.Tests.Fixtures;
using static Domains.GrainInterfaces.Units.UnitStatus;
using static Domains.Grains.Units.QualificationVerdict;

namespace Domains.Tests.Lifecycle;

/// <summary>
/// The operating unit table of DOMAIN.md §3, written out again here: every command re-evaluates R1, and
/// the verdict moves the unit (registered → qualified | not-qualified, and between those two).
/// </summary>
public sealed class UnitLifecycleTests
{
    private static readonly Dictionary<(UnitStatus, QualificationVerdict), UnitStatus> Expected = new()
    {
        [(Registered, AllMet)] = Qualified,
        [(Registered, SomeUnmet)] = NotQualified,
        [(Qualified, SomeUnmet)] = NotQualified,
        [(NotQualified, AllMet)] = Qualified,
    };

    private static readonly HashSet<(UnitStatus, QualificationVerdict)> ExpectedUnchanged =
        [(Registered, NoProfile), (Qualified, AllMet), (NotQualified, SomeUnmet)];

    public static TheoryData<UnitStatus, QualificationVerdict> AllPairs()
    {
        var data = new TheoryData<UnitStatus, QualificationVerdict>();
        foreach (var status in Enum.GetValues<UnitStatus>())
        {
            foreach (var verdict in Enum.GetValues<QualificationVerdict>()) data.Add(status, verdict);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Decide_EveryStateAndVerdict_MatchesTheSpecTable(UnitStatus from, QualificationVerdict verdict)
    {
        var decision = UnitLifecycle.Decide(from, verdict);

        if (Expected.TryGetValue((from, verdict), out var to))
        {
            Assert.Equal(DecisionKind.Allowed, decision.Kind);
            Assert.Equal(to, decision.To);
        }
        else if (ExpectedUnchanged.Contains((from, verdict)))
        {
            Assert.Equal(DecisionKind.Ignored, decision.Kind);
            Assert.Equal(from, decision.To);
        }
        else
        {
            Assert.Equal(DecisionKind.Rejected, decision.Kind);
        }
    }

    [Fact]
    public void NoProfile_AfterAProfileWasSet_IsRejected_AProfileIsNeverTakenAway()
    {
        Assert.Equal(DecisionKind.Rejected, UnitLifecycle.Decide(Qualified, NoProfile).Kind);
        Assert.Equal(DecisionKind.Rejected, UnitLifecycle.Decide(NotQualified, NoProfile).Kind);
    }

    [Fact]
    public void Verdict_WithoutAProfile_IsNoProfile_EvenWhenOnlyProfileCodesAreUnmet()
    {
        var qualification = Qualification.Evaluate(Samples.Details, null, [], DateTimeOffset.UnixEpoch);

        Assert.Equal(NoProfile, UnitLifecycle.VerdictOf(null, qualification));
    }

    [Fact]
    public void Verdict_WithAProfile_FollowsTheQualification()
    {
        var met = Qualification.Evaluate(Samples.Details, Samples.QualifyingProfile, [], DateTimeOffset.UnixEpoch);
        var poor = Samples.QualifyingProfile with { BusinessStanding = BusinessStanding.Poor };
        var unmet = Qualification.Evaluate(Samples.Details, poor, [], DateTimeOffset.UnixEpoch);

        Assert.Equal(AllMet, UnitLifecycle.VerdictOf(Samples.QualifyingProfile, met));
        Assert.Equal(SomeUnmet, UnitLifecycle.VerdictOf(poor, unmet));
    }
}
