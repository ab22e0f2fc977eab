using System.Net;
using System.Net.Sockets;

namespace Domains.GrainInterfaces.Webhooks;

/// <summary>
/// Which addresses a notice webhook may reach: public unicast only. Loopback, private, shared (CGNAT),
/// link-local (where cloud metadata services live, 169.254.169.254 and fd00:ec2::254), multicast,
/// documentation and reserved ranges are refused, so a webhook cannot be aimed at the controller's own
/// network. IPv4 carried in IPv6 (mapped, compatible, NAT64, 6to4, Teredo) is judged by its IPv4 part
/// or refused, so no spelling of an internal address passes.
/// </summary>
public static class WebhookAddresses
{
    public static bool IsPublic(IPAddress address) => address.AddressFamily switch
    {
        AddressFamily.InterNetwork => IsPublicV4(address.GetAddressBytes()),
        AddressFamily.InterNetworkV6 => IsPublicV6(address),
        _ => false,
    };

    /// <summary>Names that mean this host whatever DNS says (RFC 6761): refused when a URL is registered.</summary>
    public static bool IsLocalName(string host)
    {
        var name = host.TrimEnd('.');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
               || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsPublicV4(byte[] b) => !(
        b[0] == 0                                     // 0.0.0.0/8 "this network"
        || b[0] == 10                                 // 10/8 private
        || (b[0] == 100 && (b[1] & 0xC0) == 64)       // 100.64/10 shared (CGNAT)
        || b[0] == 127                                // loopback
        || (b[0] == 169 && b[1] == 254)               // link-local, cloud metadata
        || (b[0] == 172 && (b[1] & 0xF0) == 16)       // 172.16/12 private
        || (b[0] == 192 && b[1] == 0 && b[2] == 0)    // 192.0.0/24 protocol assignments
        || (b[0] == 192 && b[1] == 0 && b[2] == 2)    // TEST-NET-1
        || (b[0] == 192 && b[1] == 88 && b[2] == 99)  // 6to4 relay anycast
        || (b[0] == 192 && b[1] == 168)               // 192.168/16 private
        || (b[0] == 198 && (b[1] & 0xFE) == 18)       // 198.18/15 benchmarking
        || (b[0] == 198 && b[1] == 51 && b[2] == 100) // TEST-NET-2
        || (b[0] == 203 && b[1] == 0 && b[2] == 113)  // TEST-NET-3
        || b[0] >= 224);                              // multicast, reserved, broadcast

    private static bool IsPublicV6(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return IsPublicV4(address.MapToIPv4().GetAddressBytes());
        var b = address.GetAddressBytes();
        // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last four bytes.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return IsPublicV4(b[12..]);
        }
        // Only global unicast (2000::/3) is public; that excludes ::, ::1, IPv4-compatible, fc00::/7
        // unique local, fe80::/10 link-local, fec0::/10 site-local and ff00::/8 multicast.
        if ((b[0] & 0xE0) != 0x20) return false;
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return false; // 2001:db8::/32 documentation
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] < 0x02) return false;                  // 2001::/23 protocol assignments, Teredo
        if (b[0] == 0x20 && b[1] == 0x02) return false;                                 // 2002::/16 6to4
        return true;
    }
}
