namespace Domains.GrainInterfaces.Units;

/// <summary>
/// The suspension a breach finding orders (R10, R14) of the authorization the inspection names: its
/// correction deadline and reason (the findings when none is given).
/// </summary>
[GenerateSerializer, Immutable, Alias("domains.InspectionSuspension")]
public sealed record InspectionSuspension([property: Id(0)] Due CorrectionDue, [property: Id(1)] string? Reason);
