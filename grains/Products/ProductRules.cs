using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Products;

namespace Domains.Grains.Products;

/// <summary>R15 as a pure check of a product against the datasets its authorization names.</summary>
public static class ProductRules
{
    public const string Desensitized = "desensitized";
    public const string IndividualConsent = "individual-consent";
    private static readonly HashSet<string> Forbidden = new(StringComparer.Ordinal) { "blanket-consent", "forced-consent" };

    public static DomainError? Check(ProductDefinition product, IReadOnlyCollection<string> authorizedDatasets)
    {
        if (product.DatasetsUsed.Count == 0)
        {
            return DomainError.Validation("datasetsUsed", "a product names the datasets it uses");
        }
        if (product.DatasetsUsed.FirstOrDefault(d => !authorizedDatasets.Contains(d)) is { } outside)
        {
            return new DomainError(ErrorCodes.DatasetNotAuthorized, $"Dataset '{outside}' is not one its authorization names (R15).");
        }
        if (product.Protection is { } protection && Forbidden.Contains(protection.Method))
        {
            return new DomainError(ErrorCodes.BlanketConsentForbidden, $"Consent by '{protection.Method}' is refused (R15).");
        }
        if ((product.PersonalInfo || product.TradeSecrets) && product.Protection is null)
        {
            return new DomainError(ErrorCodes.ProtectionRequired,
                "A product touching personal information or trade secrets declares desensitisation or individual consent (R15).");
        }
        if (product.Protection is { Method: not (Desensitized or IndividualConsent) } other)
        {
            return DomainError.Validation("protection.method", $"'{other.Method}' is neither {Desensitized} nor {IndividualConsent}");
        }
        return null;
    }
}
