using Domains.GrainInterfaces.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Domains.ClientApi.Endpoints;

/// <summary><c>/healthz</c>: the process is up. <c>/readyz</c>: a silo answers and its database answers.</summary>
public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddDomainsHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ClusterReadyCheck>("cluster", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).WithTags("Operations");
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).WithTags("Operations");
        return app;
    }

    private sealed class ClusterReadyCheck(IClusterClient orleans) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var ok = await orleans.GetGrain<IHealthGrain>(0).CheckDatabaseAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
                return ok ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The database does not answer.");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("No silo answers.", ex);
            }
        }
    }
}
