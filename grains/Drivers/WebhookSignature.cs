using System.Security.Cryptography;

namespace Domains.Grains.Drivers;

/// <summary>The <c>X-Domains-Signature</c> value, the same scheme as the notice webhooks of API.md.</summary>
internal static class WebhookSignature
{
    public const string Header = "X-Domains-Signature";

    public static string Sign(byte[] key, byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, body));
}
