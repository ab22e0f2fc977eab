using Domains.Grains.Delivery;
using Domains.Grains.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Domains.Grains.Webhooks;

/// <summary>
/// Keeps the count of pending webhook deliveries behind the <c>domains.webhooks.backlog</c> gauge. It
/// counts on a period rather than at scrape time, so a scrape never waits on the database nor fails
/// with it; the gauge reports nothing until the first count. The count is cluster-wide, so every silo
/// reports the same number: aggregate it with <c>max</c>, not <c>sum</c>.
/// </summary>
public sealed class WebhookBacklog(WebhookDeliveryStore store, TimeProvider time, ILogger<WebhookBacklog> logger) : BackgroundService
{
    /// <summary>About one Prometheus scrape interval: fresher would only cost queries.</summary>
    public static readonly TimeSpan RefreshPeriod = TimeSpan.FromSeconds(15);

    private long _pending = -1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var gauge = DomainsMetrics.ObserveWebhookBacklog(() => Volatile.Read(ref _pending));
        using var timer = new PeriodicTimer(RefreshPeriod, time);
        do
        {
            try
            {
                Volatile.Write(ref _pending, await store.CountPendingAsync(stoppingToken));
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The gauge keeps the last count; the next period tries again.
                logger.LogWarning(ex, "Counting pending webhook deliveries failed; retried in {Period}", RefreshPeriod);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
