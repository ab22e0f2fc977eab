using System.Net.Http.Headers;
using System.Text;
using Domains.Grains.Delivery;
using Domains.Grains.Drivers;
using Polly.Timeout;

namespace Domains.Grains.Webhooks;

/// <summary>
/// Posts one inbox notice, signed, once. It never retries by itself: every POST is an attempt the
/// webhook records, and retries wait in the deliveries table, where they outlive a silo. The named
/// client's resilience handler bounds each POST (<see cref="WebhookServiceCollectionExtensions"/>).
/// </summary>
public sealed class WebhookSender(IHttpClientFactory httpClients, TimeProvider time, WebhookUrlPolicy policy)
{
    public const string HttpClientName = "Domains.NoticeWebhook";

    /// <summary>The notice id again, so a receiver can drop a repeat without parsing the body.</summary>
    public const string NoticeIdHeader = "X-Domains-Notice-Id";

    public async Task<AttemptResult> PostAsync(Uri url, byte[] key, NoticePayload notice)
    {
        var at = time.GetUtcNow();
        if (url.Scheme != Uri.UriSchemeHttps && !policy.AllowHttp)
        {
            // Registered before https was required, or under another policy: never sent in clear.
            return new AttemptResult(at, 0, null, DeliveryErrors.HttpsRequired);
        }

        var body = notice.ToJson();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = Encoding.UTF8.WebName };
        request.Headers.Add(NoticeIdHeader, notice.Id);
        // Each attempt is signed anew: a retry carries a fresh timestamp, so a receiver's age limit never refuses it.
        WebhookSignature.AddTo(request, key, body, at);

        var started = time.GetTimestamp();
        try
        {
            using var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var status = (int)response.StatusCode;
            return new AttemptResult(at, Elapsed(started), status, response.IsSuccessStatusCode ? null : DeliveryErrors.Http(status));
        }
        catch (TimeoutRejectedException)
        {
            return new AttemptResult(at, Elapsed(started), null, DeliveryErrors.Timeout);
        }
        catch (HttpRequestException e)
        {
            return new AttemptResult(at, Elapsed(started), null, Classify(e));
        }
        catch (OperationCanceledException)
        {
            return new AttemptResult(at, Elapsed(started), null, DeliveryErrors.Cancelled);
        }
    }

    /// <summary>A class, never the exception's text: that can name internal hosts, addresses or certificates.</summary>
    public static string Classify(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebhookAddressRefusedException) return DeliveryErrors.AddressRefused;
            if (inner is System.Security.Authentication.AuthenticationException) return DeliveryErrors.TlsFailed;
        }
        return e.HttpRequestError switch
        {
            HttpRequestError.SecureConnectionError => DeliveryErrors.TlsFailed,
            HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded or HttpRequestError.HttpProtocolError
                or HttpRequestError.ConfigurationLimitExceeded => DeliveryErrors.InvalidResponse,
            _ => DeliveryErrors.ConnectionFailed,
        };
    }

    private int Elapsed(long started) => (int)Math.Min(int.MaxValue, time.GetElapsedTime(started).TotalMilliseconds);
}
