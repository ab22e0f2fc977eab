using System.Text;
using Domains.GrainInterfaces.Domains;
using Domains.Grains.Deadlines;
using Domains.Grains.Domains;
using Domains.Grains.Storage;

namespace Domains.Tests.Units;

public sealed class StorageAndShardTests
{
    [Fact]
    public void StoredState_CarriesNoClrTypeNames_AndRoundTrips()
    {
        var state = new DomainState
        {
            Status = DomainStatus.Suspended,
            Definition = new DomainDefinition("n", DomainLevel.City, "350100", "v1"),
            Version = 4,
        };
        state.Deadlines.Add(new Deadline("log-purge", new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        var serializer = new JsonGrainStorageSerializer();

        var bytes = serializer.Serialize(state);
        var back = serializer.Deserialize<DomainState>(bytes);

        var json = Encoding.UTF8.GetString(bytes.ToArray());
        Assert.DoesNotContain("Domains.", json);
        Assert.DoesNotContain("$type", json);
        Assert.Contains("\"status\":4", json);
        Assert.Equal(DomainStatus.Suspended, back.Status);
        Assert.Equal(state.Deadlines, back.Deadlines);
    }

    [Fact]
    public void Shard_OfAnEntity_IsPinned()
    {
        // The shard is stored in every index row: these values must never change.
        Assert.Equal(12, DeadlineShards.Of("domain", "d-1"));
        Assert.Equal(13, DeadlineShards.Of("authorization", "abc"));
    }
}
