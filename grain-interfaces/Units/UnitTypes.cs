namespace Domains.GrainInterfaces.Units;

/// <summary>Operating unit states (DOMAIN.md §3). Persisted numbers: never renumber.</summary>
public enum UnitStatus
{
    Registered = 1,
    Qualified = 2,
    NotQualified = 3,
}

public enum BusinessStanding
{
    Good = 1,
    Poor = 2,
}

public enum CreditStanding
{
    Good = 1,
    Dishonest = 2,
}

[GenerateSerializer, Immutable, Alias("domains.Principal")]
public sealed record Principal([property: Id(0)] string Name, [property: Id(1)] string Title);

[GenerateSerializer, Immutable, Alias("domains.SecurityOfficer")]
public sealed record SecurityOfficer([property: Id(0)] string Name, [property: Id(1)] string Department);

/// <summary>What <c>PUT /v1/units/{uscc}</c> registers; the principal is first responsible for data security (R16).</summary>
[GenerateSerializer, Immutable, Alias("domains.UnitDetails")]
public sealed record UnitDetails(
    [property: Id(0)] string Name,
    [property: Id(1)] Principal Principal,
    [property: Id(2)] SecurityOfficer SecurityOfficer,
    [property: Id(3)] IReadOnlyList<UnitContact>? Contacts = null);

[GenerateSerializer, Immutable, Alias("domains.Incident")]
public sealed record Incident([property: Id(0)] DateTimeOffset OccurredAt, [property: Id(1)] string Summary);

/// <summary>The security conditions of R1 (<c>PUT /v1/units/{uscc}/security-profile</c>).</summary>
[GenerateSerializer, Immutable, Alias("domains.SecurityProfile")]
public sealed record SecurityProfile(
    [property: Id(0)] BusinessStanding BusinessStanding,
    [property: Id(1)] CreditStanding Credit,
    [property: Id(2)] bool SecurityManagementSystem,
    [property: Id(3)] bool MlpsLevel3,
    [property: Id(4)] bool CryptoAssessment,
    [property: Id(5)] int DataManagementMaturity,
    [property: Id(6)] IReadOnlyList<Incident> Incidents);

/// <summary>R1 evaluated: qualified only when <see cref="Unmet"/> is empty.</summary>
[GenerateSerializer, Immutable, Alias("domains.Qualification")]
public sealed partial record Qualification([property: Id(0)] bool Qualified, [property: Id(1)] IReadOnlyList<string> Unmet);

[GenerateSerializer, Immutable, Alias("domains.UnitView")]
public sealed record UnitView(
    [property: Id(0)] string Id,
    [property: Id(1)] UnitStatus State,
    [property: Id(2)] long Version,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] UnitDetails Details,
    [property: Id(6)] SecurityProfile? SecurityProfile,
    [property: Id(7)] IReadOnlyList<Incident> Incidents,
    [property: Id(8)] Qualification Qualification,
    [property: Id(9)] IReadOnlyList<Inspection>? Inspections = null);

/// <summary>The answer to an application's reservation: granted, or refused naming the live one.</summary>
[GenerateSerializer, Immutable, Alias("domains.ApplicationReservation")]
public sealed record ApplicationReservation([property: Id(0)] bool Granted, [property: Id(1)] string? ExistingAuthorizationId);
