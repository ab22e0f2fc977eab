using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Audit;
using Domains.Grains.Audit;

namespace Domains.Tests.Units;

public sealed class AuditChainTests
{
    private static readonly EntityRef Entity = new("domain", "d-1");
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    private static List<AuditEventView> Chain(int count)
    {
        var events = new List<AuditEventView>();
        string? prev = null;
        for (var v = 1; v <= count; v++)
        {
            var at = T0.AddMinutes(v).AddTicks(1230);
            var from = v == 1 ? null : "planned";
            var hash = AuditHasher.Compute("domain", "d-1", v, "act", from, "planned", "me", "authority", "why", at, prev);
            events.Add(new AuditEventView(v * 10, "domain/d-1", v, at, "me", "authority", "act", from, "planned", "why", hash, prev));
            prev = hash;
        }
        return events;
    }

    [Fact]
    public void Verify_AnIntactChain_IsValid()
    {
        var result = AuditChain.Verify(Entity, Chain(4));

        Assert.True(result.Valid);
        Assert.Equal(4, result.Events);
    }

    [Fact]
    public void Verify_AChangedReason_BreaksAtThatVersion()
    {
        var events = Chain(4);
        events[2] = events[2] with { Reason = "rewritten" };

        var result = AuditChain.Verify(Entity, events);

        Assert.False(result.Valid);
        Assert.Equal(3, result.BrokenAtVersion);
    }

    [Fact]
    public void Verify_ARemovedEvent_BreaksAtTheGap()
    {
        var events = Chain(4);
        events.RemoveAt(1);

        var result = AuditChain.Verify(Entity, events);

        Assert.False(result.Valid);
        Assert.Equal(2, result.BrokenAtVersion);
    }

    [Fact]
    public void Verify_ARehashedButRelinkedEvent_BreaksAtTheNextLink()
    {
        var events = Chain(3);
        var forged = events[1] with { Reason = "forged" };
        forged = forged with { Hash = AuditHasher.Compute("domain", "d-1", 2, forged.Action, forged.FromState, forged.ToState, forged.Actor, forged.Role, forged.Reason, forged.At, forged.PrevHash) };
        events[1] = forged;

        var result = AuditChain.Verify(Entity, events);

        Assert.False(result.Valid);
        Assert.Equal(3, result.BrokenAtVersion);
    }

    [Fact]
    public void Hash_FieldsThatOnlyDifferInWhereASeparatorFalls_Differ()
    {
        var a = AuditHasher.Compute("domain", "a|b", 1, "x", null, "s", "me", "authority", null, T0, null);
        var b = AuditHasher.Compute("domain|a", "b", 1, "x", null, "s", "me", "authority", null, T0, null);

        Assert.NotEqual(a, b);
    }
}
