using Domains.GrainInterfaces.Deadlines;

namespace Domains.GrainInterfaces.Units;

/// <summary>An operating unit (key: its USCC, already validated by the caller).</summary>
[Alias("domains.IOperatingUnitGrain")]
public interface IOperatingUnitGrain : IDeadlineTarget
{
    /// <summary>Creates the unit (<c>Created</c>) or updates its details; re-evaluates qualification.</summary>
    [Alias("Register")]
    Task<CommandResult<UnitView>> RegisterAsync(UnitDetails details, CommandContext context);

    [Alias("SetSecurityProfile")]
    Task<CommandResult<UnitView>> SetSecurityProfileAsync(SecurityProfile profile, CommandContext context);

    /// <summary>R17: records the incident, re-evaluates, notifies supervisors of each live authorization.</summary>
    [Alias("ReportIncident")]
    Task<CommandResult<UnitView>> ReportIncidentAsync(Incident incident, CommandContext context);

    /// <summary>
    /// R14: records an inspection (its id, time and inspector are the grain's); returns it with the unit.
    /// With <paramref name="suspend"/>, the inspection and the suspension of <paramref name="authorizationId"/>
    /// are one durable step: saved together, the suspension made before the answer and retried until done.
    /// </summary>
    [Alias("RecordInspection")]
    Task<CommandResult<UnitView>> RecordInspectionAsync(string inspectionId, string scope, string findings, bool breach,
        string? authorizationId, InspectionSuspension? suspend, CommandContext context);

    /// <summary>The unit as <paramref name="viewer"/> may see it; <c>null</c> if unknown or another unit's.</summary>
    [Alias("Get")]
    Task<UnitView?> GetAsync(Actor viewer);

    /// <summary>R1 as of now (the clock), or <c>null</c> when the unit is not registered.</summary>
    [Alias("GetQualification")]
    Task<Qualification?> GetQualificationAsync();

    /// <summary>
    /// Reserves the unit's one live application for a notice (R3 duplicate-application). Idempotent for
    /// the same authorization; refused while another live authorization of the unit names the notice.
    /// </summary>
    [Alias("ReserveApplication")]
    Task<ApplicationReservation> ReserveApplicationAsync(string noticeId, string authorizationId);

    /// <summary>
    /// Forgets the reservation <see cref="ReserveApplicationAsync"/> made for an application that was refused or
    /// not saved, so that the notice is free again; idempotent.
    /// </summary>
    [Alias("ReleaseApplication")]
    Task ReleaseApplicationAsync(string noticeId, string authorizationId);

    /// <summary>
    /// Keeps the unit's list of authorizations current (called by each authorization after its transitions):
    /// <paramref name="live"/> is false once it has ended (rejected, withdrawn, expired, terminated,
    /// revoked, superseded). Ended ones free the notice for a new application; live ones receive R17 notices.
    /// </summary>
    [Alias("TrackAuthorization")]
    Task TrackAuthorizationAsync(string authorizationId, string noticeId, bool live);
}
