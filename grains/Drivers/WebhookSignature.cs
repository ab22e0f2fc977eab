using Domains.Grains.Delivery;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Domains.Grains.Drivers;

/// <summary>
/// The signature of notice webhooks and workspace commands: <c>X-Domains-Timestamp: &lt;unix seconds&gt;</c> and
/// <c>X-Domains-Signature: sha256=&lt;hex HMAC-SHA256 of "timestamp.body"&gt;</c>. The timestamp is signed with
/// the body, so a receiver that refuses an old timestamp cannot be fed a captured request again later.
/// </summary>
internal static class WebhookSignature
{
    public const string Header = "X-Domains-Signature";

    public const string TimestampHeader = "X-Domains-Timestamp";

    public static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static string Sign(byte[] key, string timestamp, byte[] body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed, prefix.Length);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, signed));
    }

    /// <summary>Both headers of one request, signed at <paramref name="at"/> (real time, the receiver's clock compares it).</summary>
    public static void AddTo(HttpRequestMessage request, byte[] key, byte[] body, DateTimeOffset at)
    {
        var timestamp = Timestamp(at);
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(Header, Sign(key, timestamp, body));
    }
}
