using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Domains.Grains.Audit;

/// <summary>
/// A signed statement over the whole audit log: the first <see cref="Count"/> events in (txid, seq) order,
/// those of every transaction older than <see cref="Horizon"/>, fold into <see cref="RunningHash"/>.
/// Signed by the checkpointer with a key the silo never gets; anyone with the public key can check it.
/// </summary>
public sealed record AuditCheckpoint(long Id, ulong Horizon, long Count, string RunningHash, DateTimeOffset At, string Signature)
{
    /// <summary>The running hash before the first event.</summary>
    public const string Genesis = "";

    /// <summary>The running hash after one more event: its place (seq) and its own hash, which covers its fields and chain.</summary>
    public static string Fold(string running, long seq, string hash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{running}\n{seq}\n{hash}"))));

    /// <summary>The bytes the signature covers.</summary>
    public static byte[] Payload(long id, ulong horizon, long count, string runningHash, DateTimeOffset at) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"domains-audit-checkpoint\n{id}\n{horizon}\n{count}\n{runningHash}\n{AuditHasher.FormatInstant(at)}"));

    public static AuditCheckpoint Sign(ECDsa key, long id, ulong horizon, long count, string runningHash, DateTimeOffset at)
    {
        var signature = key.SignData(Payload(id, horizon, count, runningHash, at), HashAlgorithmName.SHA256);
        return new AuditCheckpoint(id, horizon, count, runningHash, at, Convert.ToBase64String(signature));
    }

    public bool IsSignedBy(ECDsa publicKey)
    {
        var signature = new byte[Signature.Length];
        return Convert.TryFromBase64String(Signature, signature, out var length)
               && publicKey.VerifyData(Payload(Id, Horizon, Count, RunningHash, At), signature.AsSpan(0, length), HashAlgorithmName.SHA256);
    }
}
