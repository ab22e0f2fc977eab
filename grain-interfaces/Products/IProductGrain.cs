using Domains.GrainInterfaces.Deadlines;

namespace Domains.GrainInterfaces.Products;

/// <summary>A data product (key: a server id), made under one authorization (R15).</summary>
[Alias("domains.IProductGrain")]
public interface IProductGrain : IDeadlineTarget
{
    /// <summary>Submits the product for review; on <c>changes-requested</c>, resubmits it with a new definition.</summary>
    [Alias("Submit")]
    Task<CommandResult<ProductView>> SubmitAsync(string authorizationId, ProductDefinition definition, CommandContext context);

    [Alias("Approve")]
    Task<CommandResult<ProductView>> ApproveAsync(CommandContext context);

    [Alias("Reject")]
    Task<CommandResult<ProductView>> RejectAsync(CommandContext context);

    [Alias("RequestChanges")]
    Task<CommandResult<ProductView>> RequestChangesAsync(CommandContext context);

    [Alias("List")]
    Task<CommandResult<ProductView>> ListAsync(CommandContext context);

    [Alias("Delist")]
    Task<CommandResult<ProductView>> DelistAsync(CommandContext context);

    /// <summary>Its authorization was suspended (pause), reinstated (resume) or ended (delist); repeats are no-ops.</summary>
    [Alias("FollowAuthorization")]
    Task FollowAuthorizationAsync(Authorizations.AuthorizationStatus status);

    [Alias("Get")]
    Task<ProductView?> GetAsync(Actor viewer);
}
