using Domains.GrainInterfaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Domains.Grains.Storage;

/// <summary>
/// Wraps a grain storage provider so that a database failure leaves it as
/// <see cref="StorageUnavailableException"/>. A grain's state is read while it activates, before any grain
/// call filter runs; Orleans then answers the waiting calls with the activation's exception, and
/// Npgsql's exceptions have no codec, so the caller would get a serialization error (500) instead of the
/// outage (503). A read that hit a connection cut by a PostgreSQL restart is tried once more on a fresh one.
/// </summary>
public sealed class StorageFailureTranslation(IGrainStorage inner, ILogger<StorageFailureTranslation> logger)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>Replaces the provider registered under <paramref name="name"/> by itself around it.</summary>
    public static void Decorate(IServiceCollection services, string name)
    {
        var original = services.Last(d => d.IsKeyedService && d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, name));
        var factory = original.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"Grain storage '{name}' is not registered by a factory.");
        services.Remove(original);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) =>
            new StorageFailureTranslation((IGrainStorage)factory(sp, key), sp.GetRequiredService<ILogger<StorageFailureTranslation>>()));
    }

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        try
        {
            await inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);
        }
        catch (Exception first) when (DatabaseFailures.IsBrokenConnection(first))
        {
            // A read changes nothing: safe to repeat once. The provider opens its connections by connection
            // string, so their pools are Npgsql's own: cleared, the repeat connects afresh.
            logger.LogInformation(first, "Reading {Grain} hit a broken connection; trying once more", grainId);
            Npgsql.NpgsqlConnection.ClearAllPools();
            await Translated(() => inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken), grainId, "read");
            return;
        }
        catch (Exception ex) when (DatabaseFailures.IsDatabaseFailure(ex))
        {
            throw Unavailable(ex, grainId, "read");
        }
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        Translated(() => inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken), grainId, "write");

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        Translated(() => inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken), grainId, "clear");

    private async Task Translated(Func<Task> operation, GrainId grainId, string what)
    {
        try
        {
            await operation();
        }
        catch (Exception ex) when (DatabaseFailures.IsDatabaseFailure(ex))
        {
            throw Unavailable(ex, grainId, what);
        }
    }

    private StorageUnavailableException Unavailable(Exception ex, GrainId grainId, string what)
    {
        logger.LogWarning(ex, "Database unavailable: could not {What} the state of {Grain}", what, grainId);
        // No inner exception: it would carry the driver's type across, which has no codec.
        return new StorageUnavailableException($"The database is unavailable: {ex.GetBaseException().Message}");
    }
}
