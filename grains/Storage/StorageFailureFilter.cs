using Domains.GrainInterfaces;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Domains.Grains.Storage;

/// <summary>
/// Turns a database failure inside any grain call into <see cref="StorageUnavailableException"/>, which
/// the API answers as <c>503 storage-unavailable</c>. Npgsql's exceptions cannot be serialized back to
/// the caller, so without this the caller would see a codec error instead of the outage.
/// </summary>
public sealed class StorageFailureFilter(ILogger<StorageFailureFilter> logger) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        // Most calls end synchronously (an access decision answers from memory): no state machine for them.
        Task call;
        try
        {
            call = context.Invoke();
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            return Task.FromException(Translate(ex, context));
        }
        return call.IsCompletedSuccessfully ? Task.CompletedTask : AwaitAsync(call, context);
    }

    private async Task AwaitAsync(Task call, IIncomingGrainCallContext context)
    {
        try
        {
            await call;
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            throw Translate(ex, context);
        }
    }

    private StorageUnavailableException Translate(Exception ex, IIncomingGrainCallContext context)
    {
        logger.LogWarning(ex, "Database unavailable during {Method}", context.MethodName);
        return new StorageUnavailableException($"The database is unavailable: {ex.GetBaseException().Message}");
    }

    private static bool IsDatabaseFailure(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is NpgsqlException or System.Net.Sockets.SocketException) return true;
        }
        return false;
    }
}
