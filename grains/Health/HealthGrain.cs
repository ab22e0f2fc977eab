using Domains.GrainInterfaces.Health;
using Npgsql;
using Orleans.Concurrency;

namespace Domains.Grains.Health;

[StatelessWorker]
public sealed class HealthGrain(NpgsqlDataSource db) : Grain, IHealthGrain
{
    public async Task<bool> CheckDatabaseAsync()
    {
        try
        {
            await using var cmd = db.CreateCommand("SELECT 1");
            return await cmd.ExecuteScalarAsync() is 1;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }
}
