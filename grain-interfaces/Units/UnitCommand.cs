namespace Domains.GrainInterfaces.Units;

/// <summary>
/// What changes an operating unit's facts; each one re-evaluates R1. Persisted numbers: never renumber.
/// </summary>
public enum UnitCommand
{
    /// <summary>Creates the unit; <c>PUT</c> of an existing unit is <see cref="Update"/>.</summary>
    Register = 1,
    Update = 2,
    SetSecurityProfile = 3,
    ReportIncident = 4,

    /// <summary>The <c>incident-ageing</c> deadline: an incident turned 3 years old.</summary>
    AgeIncident = 5,
}
