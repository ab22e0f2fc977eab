using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Domains.GrainInterfaces.Webhooks;

namespace Domains.Grains.Webhooks;

/// <summary>
/// The connect step of the notice webhooks' handler. The address is checked here, after the handler's
/// own DNS lookup and right before the socket connects to exactly that address, so a name that resolved
/// to a public address when the URL was registered (or a moment ago) and to an internal one now (DNS
/// rebinding) is still refused.
/// </summary>
public static class WebhookConnector
{
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> For(WebhookUrlPolicy policy) =>
        (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, policy, cancellationToken);

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, WebhookUrlPolicy policy, CancellationToken cancellationToken)
    {
        var host = endpoint.Host.Trim('[', ']');
        var resolved = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = policy.AllowPrivateAddresses ? resolved : resolved.Where(WebhookAddresses.IsPublic).ToArray();
        if (allowed.Length == 0) throw new WebhookAddressRefusedException();

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
