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
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            logger.LogWarning(ex, "Database unavailable during {Method}", context.MethodName);
            throw new StorageUnavailableException($"The database is unavailable: {ex.GetBaseException().Message}");
        }
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
