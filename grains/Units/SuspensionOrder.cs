using Domains.GrainInterfaces;

namespace Domains.Grains.Units;

/// <summary>
/// A suspension an inspection ordered, kept in the unit's outbox until the authorization acknowledged
/// it: the inspection, the inspector who decided it, the correction deadline as given and the reason.
/// </summary>
public sealed record SuspensionOrder(string InspectionId, Actor Inspector, Due CorrectionDue, string Reason);
