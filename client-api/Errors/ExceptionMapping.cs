using Domains.GrainInterfaces;
using Microsoft.AspNetCore.Diagnostics;

namespace Domains.ClientApi.Errors;

/// <summary>
/// Turns infrastructure failures into stable problems: the database unreachable → <c>503
/// storage-unavailable</c> with <c>Retry-After</c>; a grain call timed out → <c>504 outcome-unknown</c>
/// (the command may have been applied: a retry with the same Idempotency-Key is safe). Anything else is a
/// bug and answers 500.
/// </summary>
public sealed class ExceptionMapping(ILogger<ExceptionMapping> logger) : IExceptionHandler
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var chain = Flatten(exception).ToList();
        if (chain.OfType<BadHttpRequestException>().FirstOrDefault() is { } bad)
        {
            var code = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? ErrorCodes.PayloadTooLarge : ErrorCodes.ValidationFailed;
            await Problems.Write(http, new DomainError(code, bad.Message));
        }
        else if (chain.Any(e => e is TimeoutException))
        {
            logger.LogWarning(exception, "Grain call timed out: outcome unknown");
            await Problems.Write(http, new DomainError(ErrorCodes.OutcomeUnknown,
                "The command did not answer in time; it may or may not have been applied."));
        }
        else if (chain.Any(IsClusterUnreachable))
        {
            logger.LogWarning(exception, "Cluster unreachable");
            await Problems.Write(http, new DomainError(ErrorCodes.ServiceUnavailable,
                "No silo could take the request (one may be restarting); it was not delivered. Retry later."), RetryAfter);
        }
        else if (chain.Any(IsStorageFailure))
        {
            logger.LogWarning(exception, "Storage unavailable");
            await Problems.Write(http, new DomainError(ErrorCodes.StorageUnavailable,
                "The database is unavailable; nothing was acknowledged. Retry later."), RetryAfter);
        }
        else
        {
            logger.LogError(exception, "Unhandled error");
            await Problems.Write(http, new DomainError(ErrorCodes.Internal, "An internal error occurred."));
        }
        return true;
    }

    private static bool IsStorageFailure(Exception e)
    {
        var name = e.GetType().FullName ?? "";
        return e is StorageUnavailableException
            || name.StartsWith("Npgsql.", StringComparison.Ordinal)
            || name.Contains("InconsistentStateException", StringComparison.Ordinal)
            || e is System.Net.Sockets.SocketException;
    }

    /// <summary>The request never reached a grain: the gateway refused the connection or the target silo is gone.</summary>
    private static bool IsClusterUnreachable(Exception e) =>
        e is Orleans.Runtime.Messaging.ConnectionFailedException or SiloUnavailableException or OrleansMessageRejectionException
            or Orleans.Runtime.GatewayTooBusyException;

    private static IEnumerable<Exception> Flatten(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten)) yield return inner;
            }
        }
    }
}
