using Domains.GrainInterfaces.Units;
using Domains.Grains.Entity;

namespace Domains.Grains.Units;

public sealed class UnitState : LifecycleState<UnitView, UnitStatus>
{
    public UnitDetails? Details { get; set; }

    public SecurityProfile? SecurityProfile { get; set; }

    /// <summary>Incidents reported since registration (<c>POST …/incidents</c>); the profile holds the declared ones.</summary>
    public List<Incident> Incidents { get; set; } = [];

    /// <summary>R1 as of the last change or ageing deadline; the <c>incident-ageing</c> deadlines keep it current.</summary>
    public Qualification? Qualification { get; set; }

    public List<TrackedAuthorization> Authorizations { get; set; } = [];

    public List<Inspection> Inspections { get; set; } = [];
}
