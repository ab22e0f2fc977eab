using System.Globalization;
using System.Threading.RateLimiting;
using Domains.ClientApi.Auth;
using Domains.ClientApi.Errors;
using Domains.GrainInterfaces;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Domains.ClientApi.Http;

/// <summary>
/// The API's rate limits (ASP.NET Core's limiter): a caller over its limit hears <c>429 rate-limited</c>
/// with <c>Retry-After</c>, before its request reaches a grain.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddDomainsRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .Validate(options => options.IsValid(), "RateLimits: every limit must be at least 1 and every window positive.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, limits) =>
        {
            var options = limits.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(http, options));
            limiter.OnRejected = (rejected, _) => new ValueTask(RejectAsync(rejected));
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext http, RateLimitOptions options)
    {
        var request = http.Request;
        var write = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
        if (http.User.Identity?.IsAuthenticated == true && http.User.FindFirst(Claims.Subject)?.Value is { Length: > 0 } subject)
        {
            return write
                ? RateLimitPartition.GetFixedWindowLimiter("token:" + subject, _ => Window(options.WritesPerToken, options.WriteWindow))
                : RateLimitPartition.GetNoLimiter("reads");
        }
        var anonymous = write || request.Path.StartsWithSegments("/v1/public") || request.Path.StartsWithSegments("/readyz");
        if (!anonymous) return RateLimitPartition.GetNoLimiter("reads");
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter("address:" + address, _ => Window(options.AnonymousPerAddress, options.AnonymousWindow));
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        // Refused at once rather than held: a queued request would hold a connection and answer late.
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static Task RejectAsync(OnRejectedContext rejected)
    {
        // Whole seconds, rounded up: a client that waits exactly Retry-After finds the window open.
        TimeSpan? retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(wait.TotalSeconds)))
            : null;
        var detail = retryAfter is { } delay
            ? string.Create(CultureInfo.InvariantCulture, $"Too many requests; retry after {delay.TotalSeconds:0} s.")
            : "Too many requests; retry later.";
        return Problems.Write(rejected.HttpContext, new DomainError(ErrorCodes.RateLimited, detail), retryAfter);
    }
}
