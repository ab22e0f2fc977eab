namespace Domains.ClientSdk;

/// <summary>Where the API is, who calls it, and how hard the client tries.</summary>
public sealed class DomainsClientOptions
{
    /// <summary>The API's root, e.g. <c>http://127.0.0.1:5080</c>.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>The bearer token (<c>ops/token</c>, or the console's per-person token).</summary>
    public string? Token { get; init; }

    /// <summary>Retries of a request answered 503 or 429 before its answer is returned as it is.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>The first backoff when the answer names no <c>Retry-After</c>; doubled each retry.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between two tries, whatever <c>Retry-After</c> says.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Sends <c>If-Match</c> with each command on a resource this client has read (or changed) before, with the
    /// <c>ETag</c> it last saw, so a command never acts on a version the caller has not seen.
    /// </summary>
    public bool IfMatchLastRead { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
