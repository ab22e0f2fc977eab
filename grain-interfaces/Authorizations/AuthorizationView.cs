namespace Domains.GrainInterfaces.Authorizations;

[GenerateSerializer, Immutable, Alias("domains.SuspensionView")]
public sealed record SuspensionView(
    [property: Id(0)] string Reason,
    [property: Id(1)] DateTimeOffset SuspendedAt,
    [property: Id(2)] DateTimeOffset CorrectionDue,
    [property: Id(3)] DateTimeOffset? CorrectionSubmittedAt,
    [property: Id(4)] bool Overdue);

[GenerateSerializer, Immutable, Alias("domains.ReportView")]
public sealed record ReportView(
    [property: Id(0)] int Period,
    [property: Id(1)] DateTimeOffset DueAt,
    [property: Id(2)] DateTimeOffset? SubmittedAt,
    [property: Id(3)] bool Late,
    [property: Id(4)] string? Summary);

[GenerateSerializer, Immutable, Alias("domains.CorrectionView")]
public sealed record CorrectionView([property: Id(0)] string Summary, [property: Id(1)] DateTimeOffset SubmittedAt);

[GenerateSerializer, Immutable, Alias("domains.DecisionRecord")]
public sealed record DecisionRecord([property: Id(0)] string By, [property: Id(1)] DateTimeOffset At, [property: Id(2)] string? Note);

[GenerateSerializer, Immutable, Alias("domains.AuthorizationView")]
public sealed record AuthorizationView(
    [property: Id(0)] string Id,
    [property: Id(1)] AuthorizationStatus State,
    [property: Id(2)] long Version,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] string UnitId,
    [property: Id(6)] string UnitName,
    [property: Id(7)] string NoticeId,
    [property: Id(8)] string DomainId,
    [property: Id(9)] bool Pilot,
    [property: Id(10)] Scenario Scenario,
    [property: Id(11)] IReadOnlyList<DatasetRequest> Datasets,
    [property: Id(12)] int RequestedTermMonths,
    [property: Id(13)] Materials Materials,
    [property: Id(14)] Term? Term,
    [property: Id(15)] string? Renews,
    [property: Id(16)] string? RenewedBy,
    [property: Id(17)] SuspensionView? Suspension,
    [property: Id(18)] IReadOnlyList<ReportView> Reports,
    [property: Id(19)] IReadOnlyList<CorrectionView> Corrections,
    [property: Id(20)] DecisionRecord? Verification,
    [property: Id(21)] DecisionRecord? Approval,
    [property: Id(22)] DateTimeOffset? AnnouncedAt,
    [property: Id(23)] string? FilingRef,
    [property: Id(24)] DateTimeOffset? FiledAt,
    [property: Id(25)] DateTimeOffset? EndedAt,
    [property: Id(26)] string? EndReason);
