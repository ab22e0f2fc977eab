namespace Domains.GrainInterfaces.Health;

/// <summary>Answers readiness: a silo is reachable and its database answers.</summary>
[Alias("domains.IHealthGrain")]
public interface IHealthGrain : IGrainWithIntegerKey
{
    [Alias("CheckDatabase"), Orleans.Concurrency.ReadOnly]
    Task<bool> CheckDatabaseAsync();
}
