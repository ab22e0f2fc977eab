using Domains.GrainInterfaces.Products;
using Domains.Grains.Lifecycle;
using static Domains.GrainInterfaces.Products.ProductCommand;
using static Domains.GrainInterfaces.Products.ProductStatus;

namespace Domains.Grains.Products;

/// <summary>
/// The data product table (DOMAIN.md §3). <see cref="Submit"/> creates in <see cref="Submitted"/>. A
/// product follows its authorization: paused while it is suspended, delisted — whatever its review
/// state — when it ends.
/// </summary>
public static class ProductLifecycle
{
    public static readonly LifecycleTable<ProductStatus, ProductCommand> Table = new(
        allowed: new Dictionary<(ProductStatus, ProductCommand), ProductStatus>
        {
            [(Submitted, Approve)] = Approved,
            [(Submitted, Reject)] = Rejected,
            [(Submitted, RequestChanges)] = ChangesRequested,
            [(ChangesRequested, Resubmit)] = Submitted,
            [(Approved, List)] = Listed,
            [(Listed, Delist)] = Delisted,
            [(Paused, Delist)] = Delisted,
            [(Listed, Pause)] = Paused,
            [(Paused, Resume)] = Listed,
            [(Submitted, EndWithAuthorization)] = Delisted,
            [(ChangesRequested, EndWithAuthorization)] = Delisted,
            [(Approved, EndWithAuthorization)] = Delisted,
            [(Listed, EndWithAuthorization)] = Delisted,
            [(Paused, EndWithAuthorization)] = Delisted,
        },
        ignored:
        [
            // The authorization's outbox may deliver the same news twice.
            (Paused, Pause),
            (Listed, Resume),
            (Delisted, EndWithAuthorization),
            (Rejected, EndWithAuthorization),
        ]);

    public static Decision<ProductStatus> Decide(ProductStatus from, ProductCommand command) => Table.Decide(from, command);
}
