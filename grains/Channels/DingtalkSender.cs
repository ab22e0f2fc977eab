using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Domains.Grains.Delivery;
using Domains.Grains.Webhooks;
using Polly.Timeout;

namespace Domains.Grains.Channels;

/// <summary>
/// Posts one notice to a DingTalk group robot as its <c>markdown</c> message, signed anew on each attempt.
/// The robot answers HTTP 200 with <c>{errcode, errmsg}</c>: only <c>errcode</c> 0 is an acknowledgement;
/// any other is a failed attempt recorded as <c>errcode-N</c>. It goes through the notice webhooks' client,
/// so the same address check (no internal addresses) and timeout apply.
/// </summary>
public sealed class DingtalkSender(IHttpClientFactory httpClients, TimeProvider time, WebhookUrlPolicy policy)
{
    public async Task<AttemptResult> SendAsync(Uri robot, string secret, string noticeId, ChannelMessage message)
    {
        var at = time.GetUtcNow();
        if (robot.Scheme != Uri.UriSchemeHttps && !policy.AllowHttp) return new AttemptResult(at, 0, null, DeliveryErrors.HttpsRequired);

        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            msgtype = "markdown",
            markdown = new { title = message.Subject, text = message.Markdown() },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, DingtalkSignature.Signed(robot, at.ToUnixTimeMilliseconds(), secret))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = Encoding.UTF8.WebName };
        request.Headers.Add(WebhookSender.NoticeIdHeader, noticeId);

        var started = time.GetTimestamp();
        try
        {
            using var client = httpClients.CreateClient(WebhookSender.HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode) return new AttemptResult(at, Elapsed(started), status, DeliveryErrors.Http(status));
            var answer = await ReadAnswerAsync(response);
            return new AttemptResult(at, Elapsed(started), status, answer switch
            {
                null => DeliveryErrors.InvalidResponse,
                0 => null,
                var code => $"errcode-{code}",
            });
        }
        catch (TimeoutRejectedException)
        {
            return new AttemptResult(at, Elapsed(started), null, DeliveryErrors.Timeout);
        }
        catch (HttpRequestException e)
        {
            return new AttemptResult(at, Elapsed(started), null, WebhookSender.Classify(e));
        }
        catch (OperationCanceledException)
        {
            return new AttemptResult(at, Elapsed(started), null, DeliveryErrors.Cancelled);
        }
    }

    /// <summary>The robot's <c>errcode</c>, or <c>null</c> when the answer is not the robot's JSON.</summary>
    private static async Task<long?> ReadAnswerAsync(HttpResponseMessage response)
    {
        try
        {
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            return answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("errcode", out var code) && code.TryGetInt64(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private int Elapsed(long started) => (int)Math.Min(int.MaxValue, time.GetElapsedTime(started).TotalMilliseconds);
}
