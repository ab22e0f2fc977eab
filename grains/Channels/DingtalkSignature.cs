using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Domains.Grains.Channels;

/// <summary>
/// A DingTalk group robot's "加签" signature: <c>sign</c> = Base64(HMAC-SHA256(secret, "timestamp\nsecret")),
/// with <c>timestamp</c> in milliseconds, both in the query of the robot's URL.
/// </summary>
public static class DingtalkSignature
{
    public static string Sign(long timestampMs, string secret)
    {
        var data = Encoding.UTF8.GetBytes($"{timestampMs.ToString(CultureInfo.InvariantCulture)}\n{secret}");
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));
    }

    /// <summary>The robot's URL with <c>timestamp</c> and <c>sign</c> added to its query.</summary>
    public static Uri Signed(Uri robot, long timestampMs, string secret)
    {
        var separator = string.IsNullOrEmpty(robot.Query) ? "?" : "&";
        return new Uri(robot.AbsoluteUri + separator + "timestamp=" + timestampMs.ToString(CultureInfo.InvariantCulture)
                       + "&sign=" + Uri.EscapeDataString(Sign(timestampMs, secret)));
    }
}
