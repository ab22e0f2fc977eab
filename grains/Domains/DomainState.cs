using Domains.GrainInterfaces.Domains;
using Domains.Grains.Entity;

namespace Domains.Grains.Domains;

public sealed class DomainState : EntityState<DomainView>
{
    public DomainStatus Status { get; set; } = DomainStatus.Planned;

    public DomainDefinition? Definition { get; set; }

    public DateTimeOffset? BuiltAt { get; set; }

    public string? InspectionRef { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    public DomainSuspensionView? Suspension { get; set; }
}
