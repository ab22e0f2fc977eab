using System.Diagnostics;
using System.Diagnostics.Metrics;
using Domains.GrainInterfaces.Workspaces;
using Domains.Grains.Lifecycle;

namespace Domains.Grains.Telemetry;

/// <summary>
/// Our instruments, all in the meter <see cref="MeterName"/>. The meter comes from
/// <see cref="IMeterFactory"/>, so it lives and dies with its silo's container: tests run several silos
/// in one process, and a stopped silo's gauge must not keep reading its disposed database.
/// </summary>
public sealed class DomainsMetrics
{
    /// <summary>The meter's name; the hosts' exporters listen to it by this name.</summary>
    public const string MeterName = "Domains";

    public const string Transitions = "domains.transitions";
    public const string AccessDecisions = "domains.access.decisions";
    public const string DeadlinesDue = "domains.deadlines.due";
    public const string DeadlinesLate = "domains.deadlines.late";
    public const string DeadlineLateness = "domains.deadlines.lateness";
    public const string WebhookBacklog = "domains.webhooks.backlog";

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

    // One tag list per reason, built once: recording an access decision allocates nothing.
    private static readonly TagList[] AccessTags = BuildAccessTags();

    private static readonly double[] LatenessBuckets = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 6 * 3600, 24 * 3600];

    private readonly Counter<long> _transitions;
    private readonly Counter<long> _accessDecisions;
    private readonly Counter<long> _deadlinesDue;
    private readonly Counter<long> _deadlinesLate;
    private readonly Histogram<double> _deadlineLateness;
    private readonly Meter _meter;

    public DomainsMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _transitions = _meter.CreateCounter<long>(Transitions, "{command}",
            "Commands decided by entity grains: accepted (a transition, counted once saved), ignored (a repeat that changes nothing) or refused (with its error code).");
        _accessDecisions = _meter.CreateCounter<long>(AccessDecisions, "{decision}",
            "Access decisions of workspaces, by reason (allowed or why not).");
        _deadlinesDue = _meter.CreateCounter<long>(DeadlinesDue, "{deadline}",
            "Deadlines handled by their owner after falling due.");
        _deadlinesLate = _meter.CreateCounter<long>(DeadlinesLate, "{deadline}",
            "Deadlines handled more than two minutes after falling due.");
        _deadlineLateness = _meter.CreateHistogram<double>(DeadlineLateness, "s",
            "How long after falling due (business clock) a deadline was handled.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatenessBuckets });
    }

    public void Accepted(string entityType, string action) =>
        _transitions.Add(1, new TagList { { EntityTypeTag, entityType }, { ActionTag, action }, { OutcomeTag, "accepted" } });

    public void Ignored(string entityType, string action) =>
        _transitions.Add(1, new TagList { { EntityTypeTag, entityType }, { ActionTag, action }, { OutcomeTag, "ignored" } });

    public void Refused(string entityType, string action, string code) =>
        _transitions.Add(1, new TagList { { EntityTypeTag, entityType }, { ActionTag, action }, { OutcomeTag, "refused" }, { CodeTag, code } });

    public void AccessDecided(AccessReason reason)
    {
        if ((uint)reason < (uint)AccessTags.Length) _accessDecisions.Add(1, in AccessTags[(int)reason]);
    }

    public void DeadlineHandled(string entityType, string kind, TimeSpan lateness)
    {
        var tags = new TagList { { EntityTypeTag, entityType }, { KindTag, kind } };
        _deadlinesDue.Add(1, in tags);
        _deadlineLateness.Record(Math.Max(0, lateness.TotalSeconds), in tags);
        if (lateness > LateAfter) _deadlinesLate.Add(1, in tags);
    }

    /// <summary>Publishes the backlog of pending webhook deliveries; <paramref name="observe"/> must not block.</summary>
    public void ObserveWebhookBacklog(Func<IEnumerable<Measurement<long>>> observe) =>
        _meter.CreateObservableGauge(WebhookBacklog, observe, "{delivery}", "Notice webhook deliveries pending (all webhooks).");

    private static TagList[] BuildAccessTags()
    {
        var reasons = Enum.GetValues<AccessReason>();
        var tags = new TagList[(int)reasons.Max() + 1];
        foreach (var reason in reasons) tags[(int)reason] = new TagList { { ReasonTag, Kebab.Name(reason) } };
        return tags;
    }
}
