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
}
