using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Domains.Grains.Drivers;

public static class WebhookDriverServiceCollectionExtensions
{
    /// <summary>
    /// The webhook driver as <see cref="IWorkspaceDriver"/>, over a named client whose handler retries
    /// transient failures (transport errors, 408, 429, 5xx) with exponential backoff and jitter until a
    /// response that is not transient or until the attempt budget is spent. Binding
    /// <see cref="WorkspaceOptions"/> is the host's job.
    /// </summary>
    public static IServiceCollection AddWebhookWorkspaceDriver(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services
            .AddHttpClient(WebhookWorkspaceDriver.HttpClientName)
            // The resilience pipeline owns every timeout; HttpClient's own 100 s would cut a budget configured longer.
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            // A redirect would turn the POST into a GET, or carry the signed command to another host.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddResilienceHandler("workspace-webhook", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<WorkspaceOptions>>().Value.Webhook;
                pipeline
                    .AddTimeout(options.AttemptBudget)
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        // Only the budget ends the retries: the workspace grain decides what happens after it.
                        MaxRetryAttempts = int.MaxValue,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = options.RetryBaseDelay,
                        MaxDelay = options.RetryMaxDelay,
                    })
                    .AddTimeout(options.RequestTimeout);
            });
        services.AddSingleton<IWorkspaceDriver, WebhookWorkspaceDriver>();
        return services;
    }
}
