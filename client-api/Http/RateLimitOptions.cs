namespace Domains.ClientApi.Http;

/// <summary>
/// Fixed-window limits of the API (<c>RateLimits:…</c>). Writes count per token subject, anonymous routes
/// per client address; reads with a token (access decisions above all) are not limited. The defaults are
/// far above what one automation token or operator does, so only runaway or hostile callers meet them.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Writes (<c>POST</c>, <c>PUT</c>, <c>PATCH</c>, <c>DELETE</c>) one token subject may send per <see cref="WriteWindow"/>.</summary>
    public int WritesPerToken { get; set; } = 10_000;

    public TimeSpan WriteWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Requests one client address may send per <see cref="AnonymousWindow"/> without a validated token:
    /// <c>/v1/public/*</c>, <c>/readyz</c> and writes that carry no valid token. Behind a reverse proxy every
    /// client shares the proxy's address, so raise this there or limit at the proxy.
    /// </summary>
    public int AnonymousPerAddress { get; set; } = 1_000;

    public TimeSpan AnonymousWindow { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsValid() =>
        WritesPerToken >= 1 && AnonymousPerAddress >= 1 && WriteWindow > TimeSpan.Zero && AnonymousWindow > TimeSpan.Zero;
}
