using System.Diagnostics.Metrics;
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
public sealed class WebhookBacklog : BackgroundService
{
    /// <summary>About one Prometheus scrape interval: fresher would only cost queries.</summary>
    public static readonly TimeSpan RefreshPeriod = TimeSpan.FromSeconds(15);

    private readonly WebhookDeliveryStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookBacklog> _logger;
    private long _pending = -1;

    public WebhookBacklog(WebhookDeliveryStore store, DomainsMetrics metrics, TimeProvider time, ILogger<WebhookBacklog> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
        metrics.ObserveWebhookBacklog(Observe);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshPeriod, _time);
        do
        {
            try
            {
                Volatile.Write(ref _pending, await _store.CountPendingAsync(stoppingToken));
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The gauge keeps its last count; the next period tries again.
                _logger.LogWarning(ex, "Counting pending webhook deliveries failed; retried in {Period}", RefreshPeriod);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        var pending = Volatile.Read(ref _pending);
        return pending < 0 ? [] : [new Measurement<long>(pending)];
    }
}
