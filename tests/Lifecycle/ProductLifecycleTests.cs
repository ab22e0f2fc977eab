using Domains.GrainInterfaces.Products;
using Domains.Grains.Products;
using static Domains.GrainInterfaces.Products.ProductCommand;
using static Domains.GrainInterfaces.Products.ProductStatus;

namespace Domains.Tests.Lifecycle;

/// <summary>The data product table of DOMAIN.md §3, written out again here and checked pair by pair.</summary>
public sealed class ProductLifecycleTests
{
    private static readonly Dictionary<(ProductStatus, ProductCommand), ProductStatus> Expected = new()
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
    };

    private static readonly HashSet<(ProductStatus, ProductCommand)> ExpectedIgnored =
        [(Paused, Pause), (Listed, Resume), (Delisted, EndWithAuthorization), (Rejected, EndWithAuthorization)];

    public static TheoryData<ProductStatus, ProductCommand> AllPairs() => SpecTable.AllPairs<ProductStatus, ProductCommand>(Submit);

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Decide_EveryStateAndCommand_MatchesTheSpecTable(ProductStatus from, ProductCommand command) =>
        SpecTable.AssertMatches(ProductLifecycle.Decide(from, command), Expected, ExpectedIgnored, from, command);
}
