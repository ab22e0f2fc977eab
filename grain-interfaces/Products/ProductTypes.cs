namespace Domains.GrainInterfaces.Products;

/// <summary>Data product states (DOMAIN.md §3). Persisted numbers: never renumber.</summary>
public enum ProductStatus
{
    Submitted = 1,
    Approved = 2,
    Rejected = 3,
    ChangesRequested = 4,
    Listed = 5,
    Delisted = 6,
    Paused = 7,
}

/// <summary>Commands on a data product. Persisted numbers: never renumber.</summary>
public enum ProductCommand
{
    Submit = 1,
    Resubmit = 2,
    Approve = 3,
    Reject = 4,
    RequestChanges = 5,
    List = 6,
    Delist = 7,
    Pause = 8,
    Resume = 9,
    EndWithAuthorization = 10,
}

/// <summary>R15: how a product touching personal information or trade secrets protects it.</summary>
[GenerateSerializer, Immutable, Alias("domains.Protection")]
public sealed record Protection([property: Id(0)] string Method, [property: Id(1)] string? Details);

[GenerateSerializer, Immutable, Alias("domains.Pricing")]
public sealed record Pricing([property: Id(0)] string Model, [property: Id(1)] decimal Amount, [property: Id(2)] string Currency);

/// <summary>What a unit submits (<c>POST /v1/authorizations/{id}/products</c>).</summary>
[GenerateSerializer, Immutable, Alias("domains.ProductDefinition")]
public sealed record ProductDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] string Description,
    [property: Id(2)] IReadOnlyList<string> DatasetsUsed,
    [property: Id(3)] bool PersonalInfo,
    [property: Id(4)] bool TradeSecrets,
    [property: Id(5)] Protection? Protection,
    [property: Id(6)] Pricing Pricing);

[GenerateSerializer, Immutable, Alias("domains.ProductView")]
public sealed record ProductView(
    [property: Id(0)] string Id,
    [property: Id(1)] ProductStatus State,
    [property: Id(2)] long Version,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] string AuthorizationId,
    [property: Id(6)] string UnitId,
    [property: Id(7)] ProductDefinition Definition,
    [property: Id(8)] string? ReviewNote,
    [property: Id(9)] DateTimeOffset? ReviewedAt,
    [property: Id(10)] DateTimeOffset? ListedAt);
