using System.Collections.Concurrent;
using System.Reflection;
using Domains.GrainInterfaces;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Concurrency;

namespace Domains.Grains.Storage;

/// <summary>
/// Turns a database failure inside any grain call into <see cref="StorageUnavailableException"/>, which
/// the API answers as <c>503 storage-unavailable</c>. Npgsql's exceptions cannot be serialized back to
/// the caller, so without this the caller would see a codec error instead of the outage.
/// </summary>
/// <remarks>
/// After a PostgreSQL restart the pool still holds connections the restart cut; each is found broken
/// only when a statement uses it. So a read-only method (<see cref="ReadOnlyAttribute"/>: it changes
/// nothing, a repeat is harmless) that failed on a broken connection is run once more, after the data
/// source's pool is cleared, so that the first read after the restart answers instead of the second. This
/// is the one place for every read of our own data source (audit, lists, deadlines, inbox, deliveries).
/// </remarks>
public sealed class StorageFailureFilter(NpgsqlDataSource db, ILogger<StorageFailureFilter> logger) : IIncomingGrainCallFilter
{
    private static readonly ConcurrentDictionary<MethodInfo, bool> ReadOnlyMethods = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        // Most calls end synchronously (an access decision answers from memory): no state machine for them.
        Task call;
        try
        {
            call = context.Invoke();
        }
        catch (Exception ex) when (DatabaseFailures.IsDatabaseFailure(ex))
        {
            return RetryOrFailAsync(ex, context);
        }
        return call.IsCompletedSuccessfully ? Task.CompletedTask : AwaitAsync(call, context);
    }

    private async Task AwaitAsync(Task call, IIncomingGrainCallContext context)
    {
        try
        {
            await call;
        }
        catch (Exception ex) when (DatabaseFailures.IsDatabaseFailure(ex))
        {
            await RetryOrFailAsync(ex, context);
        }
    }

    private async Task RetryOrFailAsync(Exception first, IIncomingGrainCallContext context)
    {
        if (!DatabaseFailures.IsBrokenConnection(first) || !IsReadOnly(context.InterfaceMethod)) throw Translate(first, context);

        logger.LogInformation(first, "{Method} hit a broken database connection; clearing the pool and trying once more", context.MethodName);
        db.Clear();
        try
        {
            await context.Invoke();
        }
        catch (Exception ex) when (DatabaseFailures.IsDatabaseFailure(ex))
        {
            throw Translate(ex, context);
        }
    }

    private static bool IsReadOnly(MethodInfo? method) =>
        method is not null && ReadOnlyMethods.GetOrAdd(method, m => m.GetCustomAttribute<ReadOnlyAttribute>() is not null);

    private StorageUnavailableException Translate(Exception ex, IIncomingGrainCallContext context)
    {
        logger.LogWarning(ex, "Database unavailable during {Method}", context.MethodName);
        return new StorageUnavailableException($"The database is unavailable: {ex.GetBaseException().Message}");
    }
}
