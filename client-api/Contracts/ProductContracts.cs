using Domains.ClientApi.Http;
using Domains.GrainInterfaces.Products;

namespace Domains.ClientApi.Contracts;

public sealed record ProtectionBody(string? Method, string? Details);

public sealed record PricingBody(string? Model, decimal? Amount, string? Currency);

/// <summary>A product as a unit submits it; R15's refusals are the grain's, with their own codes.</summary>
public sealed record ProductRequest(
    string? Name, string? Description, List<string>? DatasetsUsed, bool? PersonalInfo, bool? TradeSecrets,
    ProtectionBody? Protection, PricingBody? Pricing) : IRequestBody
{
    public void Validate(Validator v)
    {
        v.Required("name", Name, 200).Required("description", Description);
        v.Check(DatasetsUsed is not null, "datasetsUsed", "is required");
        v.Check(DatasetsUsed is null || DatasetsUsed.Count <= 1000, "datasetsUsed", "has more than 1000 entries");
        foreach (var (dataset, i) in (DatasetsUsed ?? []).Select((d, i) => (d, i))) v.Required($"datasetsUsed[{i}]", dataset, 128);
        v.Required("personalInfo", PersonalInfo).Required("tradeSecrets", TradeSecrets);
        if (Protection is not null) v.Required("protection.method", Protection.Method, 64).Optional("protection.details", Protection.Details);
        v.Check(Pricing is not null, "pricing", "is required (R15: pricing is declared with the product)");
        if (Pricing is null) return;
        v.Required("pricing.model", Pricing.Model, 64).Required("pricing.amount", Pricing.Amount);
        v.Check(Pricing.Amount is null or >= 0, "pricing.amount", "must not be negative");
        v.Check(Pricing.Currency is { Length: 3 } currency && currency.All(char.IsAsciiLetterUpper), "pricing.currency", "must be an ISO 4217 code such as CNY");
    }

    public string? AuditReason => $"product {Name}";

    public ProductDefinition ToDefinition() => new(
        Name!.Trim(), Description!, DatasetsUsed!.ToList(), PersonalInfo!.Value, TradeSecrets!.Value,
        Protection is null ? null : new Protection(Protection.Method!, Protection.Details),
        new Pricing(Pricing!.Model!, Pricing.Amount!.Value, Pricing.Currency!));
}

public sealed record ProductResponse(
    string Id, ProductStatus State, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string AuthorizationId,
    string UnitId, string Name, string Description, IReadOnlyList<string> DatasetsUsed, bool PersonalInfo, bool TradeSecrets,
    ProtectionBody? Protection, PricingBody Pricing, string? ReviewNote, DateTimeOffset? ReviewedAt, DateTimeOffset? ListedAt)
{
    public static ProductResponse From(ProductView v) => new(
        v.Id, v.State, v.Version, v.CreatedAt, v.UpdatedAt, v.AuthorizationId, v.UnitId, v.Definition.Name, v.Definition.Description,
        v.Definition.DatasetsUsed, v.Definition.PersonalInfo, v.Definition.TradeSecrets,
        v.Definition.Protection is { } p ? new ProtectionBody(p.Method, p.Details) : null,
        new PricingBody(v.Definition.Pricing.Model, v.Definition.Pricing.Amount, v.Definition.Pricing.Currency),
        v.ReviewNote, v.ReviewedAt, v.ListedAt);
}

/// <summary>A product sent back after <c>changes-requested</c>: its authorization and the whole new definition.</summary>
public sealed record ResubmitRequest(string? AuthorizationId, ProductRequest? Product) : IRequestBody
{
    public void Validate(Validator v)
    {
        v.Required("authorizationId", AuthorizationId, 128);
        v.Check(Product is not null, "product", "is required");
        Product?.Validate(v);
    }

    public string? AuditReason => "resubmitted after changes were requested";
}
