using Domains.ClientSdk.Generated;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace Domains.ClientSdk;

/// <summary>
/// The typed client with its handlers: Idempotency-Key on every POST, then If-Match from the last read (when
/// asked), then retries of 503/429 — in that order, so retries resend the same key and the same If-Match.
/// </summary>
public sealed class DomainsClient : IDisposable
{
    private readonly HttpClient _http;

    public DomainsClient(DomainsClientOptions options, HttpMessageHandler? transport = null)
    {
        ETags = new ETagHandler(options.IfMatchLastRead);
        var pipeline = new IdempotencyKeyHandler
        {
            InnerHandler = ETags,
        };
        ETags.InnerHandler = new RetryHandler(options) { InnerHandler = transport ?? new SocketsHttpHandler() };
        _http = new HttpClient(pipeline) { BaseAddress = options.BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(options.Token))
        {
            _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", options.Token);
        }
        var adapter = new HttpClientRequestAdapter(new BearerTokenAuthentication(options.Token), httpClient: _http)
        {
            BaseUrl = options.BaseUrl.ToString().TrimEnd('/'),
        };
        Api = new DomainsApiClient(adapter);
    }

    /// <summary>The generated, typed API (<c>Api.V1.Domains["d1"].GetAsync()</c>).</summary>
    public DomainsApiClient Api { get; }

    /// <summary>The same pipeline for what is better read raw: the streamed audit export.</summary>
    public HttpClient Http => _http;

    public ETagHandler ETags { get; }

    public void Dispose() => _http.Dispose();
}
