using Domains.Grains.Delivery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Domains.Grains.Webhooks;

public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// Notice webhooks: <see cref="WebhookOptions"/> from section <c>Webhooks</c> (checked at start-up),
    /// the deliveries store, the named client the sender posts through, and the backlog gauge.
    /// </summary>
    public static IServiceCollection AddNoticeWebhooks(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section)
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.MaxAge > TimeSpan.Zero && o.RequestTimeout > TimeSpan.Zero
                           && o.RetryBaseDelay > TimeSpan.Zero && o.RetryMaxDelay >= o.RetryBaseDelay,
                "Webhooks: PollInterval, MaxAge, RequestTimeout and RetryBaseDelay must be positive, RetryMaxDelay at least RetryBaseDelay.")
            .Validate(o => o.BatchSize > 0 && o.Parallelism > 0, "Webhooks: BatchSize and Parallelism must be positive.")
            .Validate(o => IsValidKey(o), "Webhooks:SecretKey (or the file Webhooks:SecretKeyFile names) must be the base64 of 32 random bytes.")
            .ValidateOnStart();
        services.AddSingleton(provider =>
            WebhookUrlPolicy.From(provider.GetRequiredService<IOptions<WebhookOptions>>().Value, provider.GetService<IHostEnvironment>()));
        services.AddSingleton(provider =>
        {
            var key = WebhookSecrets.KeyFrom(provider.GetRequiredService<IOptions<WebhookOptions>>().Value);
            if (key is null && provider.GetService<IHostEnvironment>()?.IsDevelopment() != true)
            {
                provider.GetService<ILoggerFactory>()?.CreateLogger(typeof(WebhookSecrets)).LogWarning(
                    "Webhooks:SecretKey is not set: webhook secrets are stored in clear in grain state");
            }
            return new WebhookSecrets(key);
        });
        services.AddSingleton<WebhookDeliveryStore>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService<WebhookBacklog>();
        services
            .AddHttpClient(WebhookSender.HttpClientName)
            // The resilience pipeline owns the timeout; HttpClient's own 100 s would cut a longer one.
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                // A redirect would turn the POST into a GET, or carry the signed notice to another host.
                AllowAutoRedirect = false,
                // Through a proxy the connect step would check the proxy's address, not the receiver's.
                UseProxy = false,
                ConnectCallback = WebhookConnector.For(provider.GetRequiredService<WebhookUrlPolicy>()),
            })
            // A timeout only: a retry inside the pipeline would be an attempt nobody records, and
            // retries that must outlive the silo are scheduled in the deliveries table instead.
            .AddResilienceHandler("notice-webhook", (pipeline, context) =>
                pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<WebhookOptions>>().Value.RequestTimeout));
        return services;
    }

    private static bool IsValidKey(WebhookOptions options)
    {
        try
        {
            WebhookSecrets.KeyFrom(options);
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
