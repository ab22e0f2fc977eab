using System.Net;

namespace Domains.ClientSdk;

/// <summary>
/// Retries a request answered <c>503</c> (a dependency down) or <c>429</c> (rate limited): after the answer's
/// <c>Retry-After</c> when it has one, otherwise after an exponential backoff with jitter; at most
/// <see cref="DomainsClientOptions.MaxRetries"/> times, no wait longer than <see cref="DomainsClientOptions.MaxRetryDelay"/>.
/// The body is buffered first so it can be sent again; a POST keeps its <c>Idempotency-Key</c>.
/// </summary>
public sealed class RetryHandler(DomainsClientOptions options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null) await request.Content.LoadIntoBufferAsync(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (attempt >= options.MaxRetries || !IsRetryable(response.StatusCode)) return response;
            var delay = Delay(response, attempt);
            response.Dispose();
            await Task.Delay(delay, options.Time, cancellationToken);
        }
    }

    public static bool IsRetryable(HttpStatusCode status) => status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests;

    private TimeSpan Delay(HttpResponseMessage response, int attempt)
    {
        var retryAfter = response.Headers.RetryAfter;
        TimeSpan? named = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - options.Time.GetUtcNow() : null);
        var delay = named is { } wait && wait > TimeSpan.Zero
            ? wait
            : options.FirstBackoff * Math.Pow(2, attempt) * (0.8 + 0.4 * Random.Shared.NextDouble());
        return delay < options.MaxRetryDelay ? delay : options.MaxRetryDelay;
    }
}
