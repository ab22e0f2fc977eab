namespace Domains.GrainInterfaces.Authorizations;

/// <summary>R4: the scenario an application is for.</summary>
[GenerateSerializer, Immutable, Alias("domains.Scenario")]
public sealed record Scenario(
    [property: Id(0)] string Title,
    [property: Id(1)] string Value,
    [property: Id(2)] string Goals,
    [property: Id(3)] string SecurityMeasures);

/// <summary>R4: a dataset the application needs, with its minimum-necessary justification.</summary>
[GenerateSerializer, Immutable, Alias("domains.DatasetRequest")]
public sealed record DatasetRequest([property: Id(0)] string Id, [property: Id(1)] string Justification);

/// <summary>One material of R3: a reference to the document and when it was issued.</summary>
[GenerateSerializer, Immutable, Alias("domains.Material")]
public sealed record Material([property: Id(0)] string Ref, [property: Id(1)] DateTimeOffset IssuedAt);

/// <summary>The materials of R3; a missing one is <c>null</c> (refused as <c>material-missing</c>).</summary>
[GenerateSerializer, Immutable, Alias("domains.Materials")]
public sealed record Materials(
    [property: Id(0)] Material? ApplicationForm,
    [property: Id(1)] Material? AuditReport,
    [property: Id(2)] Material? FinancialReport,
    [property: Id(3)] Material? SecurityCommitment,
    [property: Id(4)] Material? RiskSelfAssessment);

/// <summary>What <c>POST /v1/authorizations</c> submits.</summary>
[GenerateSerializer, Immutable, Alias("domains.Application")]
public sealed record Application(
    [property: Id(0)] string UnitId,
    [property: Id(1)] string NoticeId,
    [property: Id(2)] string? Renews,
    [property: Id(3)] Scenario Scenario,
    [property: Id(4)] IReadOnlyList<DatasetRequest> Datasets,
    [property: Id(5)] int RequestedTermMonths,
    [property: Id(6)] Materials Materials);

[GenerateSerializer, Immutable, Alias("domains.Term")]
public sealed record Term([property: Id(0)] DateTimeOffset Start, [property: Id(1)] DateTimeOffset End);
