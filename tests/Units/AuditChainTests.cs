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

public sealed class AuditHeadTests
{
    private static readonly EntityRef Entity = new("domain", "d-1");
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    private static List<AuditRecord> Records(int count)
    {
        var records = new List<AuditRecord>();
        string? prev = null;
        for (var v = 1; v <= count; v++)
        {
            var changes = AuditDigest.Compute(v == 1 ? null : $$"""{"name":"n{{v - 1}}"}""", $$"""{"name":"n{{v}}"}""");
            var hash = AuditHasher.Compute("domain", "d-1", v, "act", v == 1 ? null : "planned", "planned", "me", "authority", "why", T0.AddMinutes(v), prev, changes);
            records.Add(new AuditRecord("domain", "d-1", v, "act", v == 1 ? null : "planned", "planned", "me", "authority", "why", T0.AddMinutes(v), prev, hash, changes));
            prev = hash;
        }
        return records;
    }

    private static List<AuditEventView> Logged(IEnumerable<AuditRecord> records) =>
        records.Select(r => new AuditEventView(r.Version * 10, "domain/d-1", r.Version, r.At, r.Actor, r.Role, r.Action, r.FromState, r.ToState, r.Reason, r.Hash, r.PrevHash, r.Changes)).ToList();

    [Fact]
    public void Verify_AChainThatEndsBeforeTheStoredVersion_FailsTheHeadCheck()
    {
        var records = Records(4);
        var head = new AuditHead(4, records[3].Hash, []);

        var result = AuditChain.Verify(Entity, Logged(records.Take(3)), head);

        Assert.False(result.Valid);
        Assert.Equal(ChainVerification.HeadCheck, result.Check);
        Assert.Equal(4, result.BrokenAtVersion);
        Assert.Equal(4, result.HeadVersion);
    }

    [Fact]
    public void Verify_NoChainAtAllForAStoredEntity_FailsTheHeadCheck()
    {
        var records = Records(2);

        var result = AuditChain.Verify(Entity, [], new AuditHead(2, records[1].Hash, []));

        Assert.False(result.Valid);
        Assert.Equal(ChainVerification.HeadCheck, result.Check);
        Assert.Equal(1, result.BrokenAtVersion);
    }

    [Fact]
    public void Verify_AChainWhoseNewestHashIsNotTheStoredOne_FailsTheHeadCheck()
    {
        var records = Records(3);

        var result = AuditChain.Verify(Entity, Logged(records), new AuditHead(3, records[1].Hash, []));

        Assert.False(result.Valid);
        Assert.Equal(ChainVerification.HeadCheck, result.Check);
    }

    [Fact]
    public void Verify_EventsStillInTheStateOutbox_CountAsTheHeadAndArePending()
    {
        var records = Records(4);

        var result = AuditChain.Verify(Entity, Logged(records.Take(3)), new AuditHead(4, records[3].Hash, [records[3]]));

        Assert.True(result.Valid);
        Assert.Equal(3, result.Events);
        Assert.Equal(1, result.Pending);
    }

    [Fact]
    public void Verify_EventsNewerThanTheHeadRead_AreCheckedAsChain()
    {
        var records = Records(4);

        var result = AuditChain.Verify(Entity, Logged(records), new AuditHead(3, records[2].Hash, []));

        Assert.True(result.Valid);
        Assert.Equal(4, result.Events);
    }

    [Fact]
    public void Verify_AnEventWithARewrittenDigest_BreaksTheChain()
    {
        var events = Logged(Records(3));
        events[1] = events[1] with { Changes = new AuditChanges(["name"], new string('0', 64)) };

        var result = AuditChain.Verify(Entity, events);

        Assert.False(result.Valid);
        Assert.Equal(2, result.BrokenAtVersion);
    }

    [Fact]
    public void Digest_NamesTheChangedFields_AndHashesTheirNewValues()
    {
        var before = """{"id":"d","name":"a","level":"city","version":3,"updatedAt":"2026-01-01T00:00:00Z"}""";
        var after = """{"id":"d","name":"b","level":"city","version":4,"updatedAt":"2026-01-02T00:00:00Z","builtAt":"2026-01-02T00:00:00Z"}""";

        var changes = AuditDigest.Compute(before, after);
        var same = AuditDigest.Compute(before, after.Replace("\"b\"", "\"c\"", StringComparison.Ordinal));

        Assert.Equal(["builtAt", "name"], changes.Fields);
        Assert.Equal(64, changes.Sha256.Length);
        Assert.NotEqual(changes.Sha256, same.Sha256);
    }

    [Fact]
    public void Hash_OfAnEventWithoutDigest_IsTheHashItWasWrittenWith()
    {
        var old = AuditHasher.Compute("domain", "d-1", 1, "x", null, "s", "me", "authority", null, T0, null);

        var withDigest = AuditHasher.Compute("domain", "d-1", 1, "x", null, "s", "me", "authority", null, T0, null, new AuditChanges([], new string('0', 64)));

        // SHA-256 of ["domain","d-1","1","x",null,"s","me","authority",null,"2026-11-27T08:00:00.000000Z",null], the form before digests.
        Assert.Equal("f0e3390a9e263543f271813bd522f2b0cb0436f8091385c0c3de4c37ac42b1ee", old);
        Assert.NotEqual(old, withDigest);
    }
}
