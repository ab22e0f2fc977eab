using System.Collections.Concurrent;

namespace Domains.ClientSdk;

/// <summary>
/// Remembers the <c>ETag</c> of each resource (<c>/v1/{kind}/{id}</c>) from every answer that carries one and,
/// when asked (<see cref="DomainsClientOptions.IfMatchLastRead"/>), sends it as <c>If-Match</c> with the next
/// PUT or POST on that resource or its commands (<c>/v1/domains/d1/accept</c>) that has none of its own.
/// </summary>
public sealed class ETagHandler(bool ifMatchLastRead) : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, string> _etags = new(StringComparer.Ordinal);

    /// <summary>The last <c>ETag</c> seen for a resource path, if any.</summary>
    public string? LastETag(string resourcePath) => _etags.TryGetValue(ResourceKey(resourcePath) ?? "", out var tag) ? tag : null;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = request.RequestUri is { } uri ? ResourceKey(uri.AbsolutePath) : null;
        if (ifMatchLastRead && key is not null && (request.Method == HttpMethod.Put || request.Method == HttpMethod.Post)
            && request.Headers.IfMatch.Count == 0 && _etags.TryGetValue(key, out var known))
        {
            request.Headers.TryAddWithoutValidation("If-Match", known);
        }
        var response = await base.SendAsync(request, cancellationToken);
        if (key is not null && response.IsSuccessStatusCode && response.Headers.ETag is { } etag)
        {
            _etags[key] = etag.ToString();
        }
        return response;
    }

    /// <summary><c>/v1/{kind}/{id}</c> of a path below it; <c>null</c> for lists and other routes.</summary>
    public static string? ResourceKey(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 3 && segments[0] == "v1" && segments[1] != "public" ? $"/v1/{segments[1]}/{segments[2]}" : null;
    }
}
