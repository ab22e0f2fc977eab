using System.Text;

namespace Domains.Grains.Deadlines;

/// <summary>
/// Spreads the deadline index over a fixed number of scheduler grains. The shard of an entity is a
/// stable hash of its name (FNV-1a, not <see cref="string.GetHashCode()"/>, which changes per process):
/// the number is stored with each row, so it must never change for an entity.
/// </summary>
public static class DeadlineShards
{
    /// <summary>Stored in every index row: changing it would strand rows of shards that no longer exist.</summary>
    public const int Count = 16;

    public static int Of(string entityType, string entityId)
    {
        const uint offset = 2166136261, prime = 16777619;
        var hash = offset;
        foreach (var b in Encoding.UTF8.GetBytes($"{entityType}/{entityId}"))
        {
            hash = (hash ^ b) * prime;
        }
        return (int)(hash % Count);
    }
}
