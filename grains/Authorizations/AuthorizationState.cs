using Domains.GrainInterfaces.Authorizations;
using Domains.GrainInterfaces.Notices;
using Domains.Grains.Entity;

namespace Domains.Grains.Authorizations;

public sealed class AuthorizationState : LifecycleState<AuthorizationView, AuthorizationStatus>
{
    public Application? Application { get; set; }

    public string UnitName { get; set; } = "";

    public string DomainId { get; set; } = "";

    public bool Pilot { get; set; }

    /// <summary>The notice's region, which the domain must serve (R8).</summary>
    public Region? Region { get; set; }

    public Term? Term { get; set; }

    public string? RenewedBy { get; set; }

    public SuspensionView? Suspension { get; set; }

    public List<CorrectionView> Corrections { get; set; } = [];

    public List<ReportView> Reports { get; set; } = [];

    public DecisionRecord? Verification { get; set; }

    public DecisionRecord? Approval { get; set; }

    public DateTimeOffset? AnnouncedAt { get; set; }

    public string? FilingRef { get; set; }

    public DateTimeOffset? FiledAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public string? EndReason { get; set; }
}
