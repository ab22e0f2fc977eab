using System.Net.Http.Headers;
using System.Text;
using Domains.Grains.Drivers;
using Polly.Timeout;

namespace Domains.Grains.Webhooks;

/// <summary>What one POST got: the status code, or the error when no response came.</summary>
public sealed record AttemptResult(DateTimeOffset At, int DurationMs, int? StatusCode, string? Error)
{
    public bool Acknowledged => StatusCode is >= 200 and < 300;
}

/// <summary>
/// Posts one inbox notice, signed, once. It never retries by itself: every POST is an attempt the
/// webhook records, and retries wait in the deliveries table, where they outlive a silo. The named
/// client's resilience handler bounds each POST (<see cref="WebhookServiceCollectionExtensions"/>).
/// </summary>
public sealed class WebhookSender(IHttpClientFactory httpClients, TimeProvider time)
{
    public const string HttpClientName = "Domains.NoticeWebhook";

    /// <summary>The notice id again, so a receiver can drop a repeat without parsing the body.</summary>
    public const string NoticeIdHeader = "X-Domains-Notice-Id";

    private const int MaxErrorLength = 500;

    public async Task<AttemptResult> PostAsync(Uri url, byte[] key, NoticePayload notice)
    {
        var body = notice.ToJson();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = Encoding.UTF8.WebName };
        request.Headers.Add(NoticeIdHeader, notice.Id);
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(key, body));

        var at = time.GetUtcNow();
        var started = time.GetTimestamp();
        try
        {
            using var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            return new AttemptResult(at, Elapsed(started), (int)response.StatusCode, null);
        }
        catch (TimeoutRejectedException e)
        {
            return new AttemptResult(at, Elapsed(started), null, $"no response within {e.Timeout}");
        }
        catch (HttpRequestException e)
        {
            var error = $"{e.HttpRequestError}: {e.Message}";
            return new AttemptResult(at, Elapsed(started), null, error.Length > MaxErrorLength ? error[..MaxErrorLength] : error);
        }
        catch (OperationCanceledException)
        {
            return new AttemptResult(at, Elapsed(started), null, "cancelled");
        }
    }

    private int Elapsed(long started) => (int)Math.Min(int.MaxValue, time.GetElapsedTime(started).TotalMilliseconds);
}
