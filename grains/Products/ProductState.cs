using Domains.GrainInterfaces.Products;
using Domains.Grains.Entity;

namespace Domains.Grains.Products;

public sealed class ProductState : LifecycleState<ProductView, ProductStatus>
{
    public string AuthorizationId { get; set; } = "";

    public string UnitId { get; set; } = "";

    public ProductDefinition? Definition { get; set; }

    public string? ReviewNote { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }

    public DateTimeOffset? ListedAt { get; set; }
}
