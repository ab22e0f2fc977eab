using Domains.GrainInterfaces.Domains;
using Domains.Grains.Entity;

namespace Domains.Grains.Domains;

public sealed class DomainState : LifecycleState<DomainView, DomainStatus>
{
    public DomainDefinition? Definition { get; set; }

    public DateTimeOffset? BuiltAt { get; set; }

    public string? InspectionRef { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    public DomainSuspensionView? Suspension { get; set; }

    /// <summary>The catalogue's view names, each with the dataset id that has it (DATAPLANE.md §3).</summary>
    public Dictionary<string, string> DatasetViews { get; set; } = new(StringComparer.Ordinal);
}
