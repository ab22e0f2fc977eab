using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Domains.GrainInterfaces.Workspaces;
using Domains.Grains.Lifecycle;

namespace Domains.Grains.Telemetry;

/// <summary>
/// Our instruments, all in the meter <see cref="MeterName"/>. The meter is static, one per process: an
/// exporter merges same-named instruments of several meters into one series and drops that series when
/// any of those meters is disposed, so per-silo meters (tests run many clusters in one process) would
/// silently lose the live silos' counts. Recording is a counter add with a stack-held tag list.
/// </summary>
public static class DomainsMetrics
{
    /// <summary>The meter's name; the hosts' exporters listen to it by this name.</summary>
    public const string MeterName = "Domains";

    public const string Transitions = "domains.transitions";
    public const string AccessDecisions = "domains.access.decisions";
    public const string DeadlinesDue = "domains.deadlines.due";
    public const string DeadlinesLate = "domains.deadlines.late";
    public const string DeadlineLateness = "domains.deadlines.lateness";
    public const string WebhookBacklog = "domains.webhooks.backlog";
    public const string AccessLogDropped = "domains.access_log.dropped";
    public const string AccessLogLost = "domains.access_log.lost";
    public const string AccessLogQueued = "domains.access_log.queued";

    /// <summary>A deadline handled more than this after it fell due counts as late (the sweep runs every minute).</summary>
    public static readonly TimeSpan LateAfter = TimeSpan.FromMinutes(2);

    // Tag names as Prometheus shows them; values are constants of the code (entity types, actions,
    // error codes, deadline kinds, reasons), never ids, so every series stays bounded.
    private const string EntityTypeTag = "entity_type";
    private const string ActionTag = "action";
    private const string OutcomeTag = "outcome";
    private const string CodeTag = "code";
    private const string KindTag = "kind";
    private const string ReasonTag = "reason";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> TransitionCounter = Meter.CreateCounter<long>(Transitions, "{command}",
        "Commands decided by entity grains: accepted (a transition, counted once saved), ignored (a repeat that changes nothing) or refused (with its error code).");

    private static readonly Counter<long> AccessDecisionCounter = Meter.CreateCounter<long>(AccessDecisions, "{decision}",
        "Access decisions of workspaces, by reason (allowed or why not).");

    private static readonly Counter<long> DeadlineDueCounter = Meter.CreateCounter<long>(DeadlinesDue, "{deadline}",
        "Deadlines handled by their owner after falling due.");

    private static readonly Counter<long> DeadlineLateCounter = Meter.CreateCounter<long>(DeadlinesLate, "{deadline}",
        "Deadlines handled more than two minutes after falling due.");

    private static readonly Histogram<double> DeadlineLatenessHistogram = Meter.CreateHistogram<double>(DeadlineLateness, "s",
        "How long after falling due (business clock) a deadline was handled.", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 6 * 3600, 24 * 3600] });

    // One tag list per reason, built once: recording an access decision allocates nothing.
    private static readonly TagList[] AccessTags = BuildAccessTags();

    // The silos of this process that count pending deliveries (one in production; tests run several).
    private static readonly ConcurrentDictionary<object, Func<long>> BacklogCounts = new();

    private static readonly ObservableGauge<long> BacklogGauge = Meter.CreateObservableGauge(WebhookBacklog, ObserveBacklog, "{delivery}",
        "Notice webhook deliveries pending (all webhooks of the cluster).");

    private static readonly Counter<long> AccessLogDroppedCounter = Meter.CreateCounter<long>(AccessLogDropped, "{entry}",
        "Access log entries not queued because the queue was full (the database is behind or down).");

    private static readonly Counter<long> AccessLogLostCounter = Meter.CreateCounter<long>(AccessLogLost, "{entry}",
        "Access log entries queued but never written (the database refused them at shutdown).");

    // Entries queued and not yet written, per silo of this process: what a crash at this instant would lose.
    private static readonly ConcurrentDictionary<object, Func<long>> AccessLogQueues = new();

    private static readonly ObservableGauge<long> AccessLogQueuedGauge = Meter.CreateObservableGauge(AccessLogQueued, ObserveAccessLogQueues, "{entry}",
        "Access log entries decided but not yet written; a crash loses them.");

    public static void AccessLogEntriesDropped(long count) => AccessLogDroppedCounter.Add(count);

    public static void AccessLogEntriesLost(long count) => AccessLogLostCounter.Add(count);

    /// <summary>Publishes a writer's queue length until the returned registration is disposed.</summary>
    public static IDisposable ObserveAccessLogQueue(Func<long> count)
    {
        var key = new object();
        AccessLogQueues[key] = count;
        return new Registration(() => AccessLogQueues.TryRemove(key, out _));
    }

    public static void Accepted(string entityType, string action) =>
        TransitionCounter.Add(1, new TagList { { EntityTypeTag, entityType }, { ActionTag, action }, { OutcomeTag, "accepted" } });

    public static void Ignored(string entityType, string action) =>
        TransitionCounter.Add(1, new TagList { { EntityTypeTag, entityType }, { ActionTag, action }, { OutcomeTag, "ignored" } });

    public static void Refused(string entityType, string action, string code) =>
        TransitionCounter.Add(1, new TagList { { EntityTypeTag, entityType }, { ActionTag, action }, { OutcomeTag, "refused" }, { CodeTag, code } });

    public static void AccessDecided(AccessReason reason)
    {
        if ((uint)reason < (uint)AccessTags.Length) AccessDecisionCounter.Add(1, in AccessTags[(int)reason]);
    }

    public static void DeadlineHandled(string entityType, string kind, TimeSpan lateness)
    {
        var tags = new TagList { { EntityTypeTag, entityType }, { KindTag, kind } };
        DeadlineDueCounter.Add(1, in tags);
        DeadlineLatenessHistogram.Record(Math.Max(0, lateness.TotalSeconds), in tags);
        if (lateness > LateAfter) DeadlineLateCounter.Add(1, in tags);
    }

    /// <summary>
    /// Publishes a silo's count of pending deliveries (negative: not counted yet) until the returned
    /// registration is disposed. <paramref name="count"/> must not block: it runs during a scrape.
    /// </summary>
    public static IDisposable ObserveWebhookBacklog(Func<long> count)
    {
        var key = new object();
        BacklogCounts[key] = count;
        return new Registration(() => BacklogCounts.TryRemove(key, out _));
    }

    /// <summary>Every silo counts the same table, so several counts are one number seen at moments apart: report the largest.</summary>
    private static IEnumerable<Measurement<long>> ObserveBacklog()
    {
        var pending = -1L;
        foreach (var count in BacklogCounts.Values) pending = Math.Max(pending, count());
        return pending < 0 ? [] : [new Measurement<long>(pending)];
    }

    private static IEnumerable<Measurement<long>> ObserveAccessLogQueues() =>
        AccessLogQueues.IsEmpty ? [] : [new Measurement<long>(AccessLogQueues.Values.Sum(count => count()))];

    private static TagList[] BuildAccessTags()
    {
        var reasons = Enum.GetValues<AccessReason>();
        var tags = new TagList[(int)reasons.Max() + 1];
        foreach (var reason in reasons) tags[(int)reason] = new TagList { { ReasonTag, Kebab.Name(reason) } };
        return tags;
    }

    private sealed class Registration(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
