using System.Net.Sockets;
using Domains.ClientApi.Http;

namespace Domains.Tests.Fixtures;

/// <summary>
/// Sending a body the server refuses before reading it. The server answers 413 and closes; a client still
/// writing the body then meets a broken pipe or a reset instead of the answer — a race every real client has.
/// With a known length the body goes with <c>Expect: 100-continue</c>, so the client waits for the server's
/// verdict and reads the 413 before writing; when the race is still lost (a chunked body, or the wait timed
/// out), the closed connection is reported as the refusal it is, and the caller checks that nothing changed.
/// </summary>
public static class OversizedBodies
{
    public static bool IsOverLimit(long length) => length > CommandRequest.MaxBodyBytes;

    /// <summary>The response, or <c>null</c> when the server closed the connection while a body over the limit was still being written.</summary>
    public static async Task<HttpResponseMessage?> SendAsync(HttpClient http, HttpRequestMessage message, long bodyLength)
    {
        var overLimit = IsOverLimit(bodyLength);
        if (overLimit) message.Headers.ExpectContinue = true;
        try
        {
            return await http.SendAsync(message);
        }
        catch (HttpRequestException ex) when (overLimit && IsClosedWhileWriting(ex))
        {
            return null;
        }
    }

    private static bool IsClosedWhileWriting(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            // A broken pipe or reset while writing, or the connection ending before any answer.
            if (ex is IOException or SocketException) return true;
        }
        return false;
    }
}
