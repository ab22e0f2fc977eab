using System.Net;
using Domains.GrainInterfaces.Webhooks;

namespace Domains.ClientApi.Http;

/// <summary>
/// Which webhook URLs the API accepts (section <c>Webhooks</c>, the same keys the silo's dispatch reads).
/// Unset, both are allowed only in the Development environment (<c>ops/run</c>): elsewhere a URL must be
/// https and must not name loopback, private, link-local or metadata addresses. The silo checks the
/// address again when it connects, which is what stops a name that resolves to one.
/// </summary>
public sealed class WebhookUrlOptions
{
    public const string Section = "Webhooks";

    public bool? AllowHttp { get; set; }

    public bool? AllowPrivateAddresses { get; set; }

    /// <summary>Why <paramref name="url"/> (already a valid absolute http(s) URL) is refused, or <c>null</c>.</summary>
    public string? Refusal(string url, bool development)
    {
        var uri = new Uri(url);
        if (uri.Scheme != Uri.UriSchemeHttps && !(AllowHttp ?? development)) return "must be an https URL";
        if (AllowPrivateAddresses ?? development) return null;
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
        var local = IPAddress.TryParse(host, out var address) ? !WebhookAddresses.IsPublic(address) : WebhookAddresses.IsLocalName(host);
        return local ? "must not name a loopback, private, link-local or metadata address" : null;
    }
}
