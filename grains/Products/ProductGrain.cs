using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Authorizations;
using Domains.GrainInterfaces.Products;
using Domains.Grains.Clock;
using Domains.Grains.Entity;
using Domains.Grains.Journal;
using Domains.Grains.Lifecycle;
using Domains.Grains.Notifications;
using Domains.Grains.Storage;
using static Domains.GrainInterfaces.Products.ProductCommand;

namespace Domains.Grains.Products;

/// <summary>A data product (R15): reviewed by the authority before it is listed; follows its authorization.</summary>
public sealed class ProductGrain(
    [PersistentState(StorageNames.ProductState, StorageNames.Main)] IPersistentState<ProductState> state,
    BusinessClock clock,
    IEntityJournal journal)
    : LifecycleGrain<ProductState, ProductView, ProductStatus, ProductCommand>(state, clock, journal), IProductGrain
{
    protected override string EntityTypeName => EntityTypes.Product;

    protected override LifecycleTable<ProductStatus, ProductCommand> Table => ProductLifecycle.Table;

    protected override string? OwnerUnit => Exists ? State.UnitId : null;

    public Task<ProductView?> GetAsync(Actor viewer) => Task.FromResult(ViewFor(viewer));

    public Task<CommandResult<ProductView>> SubmitAsync(string authorizationId, ProductDefinition definition, CommandContext context)
    {
        if (Exists)
        {
            return RunAsync(Resubmit, context, _ => State.Definition = definition,
                async _ => authorizationId != State.AuthorizationId
                    ? DomainError.Validation("authorizationId", "a product stays with its authorization")
                    : await CheckAsync(Authorization, definition, context.Actor));
        }

        return ExecuteAsync(context, Kebab.Name(Submit), async _ =>
        {
            var grain = GrainFactory.GetGrain<IAuthorizationGrain>(authorizationId);
            if (await CheckAsync(grain, definition, context.Actor) is { } refusal) return Outcome.Refuse(refusal);
            var authorization = await grain.GetAsync(Actor.System);
            return Outcome.Transition(() =>
            {
                State.AuthorizationId = authorizationId;
                State.UnitId = authorization!.UnitId;
                State.Definition = definition;
                State.Status = ProductStatus.Submitted;
            });
        });
    }

    public Task<CommandResult<ProductView>> ApproveAsync(CommandContext context) => ReviewAsync(Approve, context);

    public Task<CommandResult<ProductView>> RejectAsync(CommandContext context) => ReviewAsync(Reject, context);

    public Task<CommandResult<ProductView>> RequestChangesAsync(CommandContext context) => ReviewAsync(RequestChanges, context);

    public Task<CommandResult<ProductView>> ListAsync(CommandContext context) =>
        RunAsync(List, context, now => State.ListedAt = now, async _ =>
            await Authorization.GetAsync(Actor.System) is { State: AuthorizationStatus.Active }
                ? null
                : DomainError.InvalidTransition(StateName, "list (its authorization is not active)"));

    public Task<CommandResult<ProductView>> DelistAsync(CommandContext context) => RunAsync(Delist, context, _ => { });

    public async Task FollowAuthorizationAsync(AuthorizationStatus status)
    {
        ProductCommand? command = status switch
        {
            AuthorizationStatus.Suspended => Pause,
            AuthorizationStatus.Active => Resume,
            _ when Authorizations.AuthorizationLifecycle.Ended.Contains(status) => EndWithAuthorization,
            _ => null,
        };
        // A product in a state the news does not concern (an approved product on a suspension) is left as it is.
        if (command is { } row && Exists && ProductLifecycle.Decide(State.Status, row).Kind != DecisionKind.Rejected)
        {
            await RunAsync(row, CommandContext.For(Actor.System, $"authorization {Kebab.Name(status)}"), _ => { });
        }
    }

    protected override ResourceRow? ToResourceRow() => Exists
        ? new ResourceRow(EntityTypeName, Id, State.Version, StateName, State.UnitId, State.AuthorizationId,
            State.Status == ProductStatus.Listed ? State.ListedAt : null, ToJson(ToView()))
        : null;

    protected override ProductView ToView() => new(
        Id, State.Status, State.Version, State.CreatedAt, State.UpdatedAt, State.AuthorizationId, State.UnitId,
        State.Definition!, State.ReviewNote, State.ReviewedAt, State.ListedAt);

    private IAuthorizationGrain Authorization => GrainFactory.GetGrain<IAuthorizationGrain>(State.AuthorizationId);

    private Task<CommandResult<ProductView>> ReviewAsync(ProductCommand verdict, CommandContext context) =>
        RunAsync(verdict, context, now =>
        {
            State.ReviewNote = context.Reason;
            State.ReviewedAt = now;
            Notify(NotificationKinds.ProductReviewed, Recipients.Unit(State.UnitId),
                $"Product {Id} ({State.Definition!.Name}): {Kebab.Name(verdict)}{(context.Reason is null ? "" : $" — {context.Reason}")}",
                $"review:{State.Version + 1}", now);
        });

    /// <summary>The authorization exists, is the caller's, is active, and names every dataset used (R15).</summary>
    private static async Task<DomainError?> CheckAsync(IAuthorizationGrain grain, ProductDefinition definition, Actor actor)
    {
        var authorization = await grain.GetAsync(actor);
        if (authorization is null) return DomainError.NotFound($"Authorization '{grain.GetPrimaryKeyString()}'");
        if (authorization.State != AuthorizationStatus.Active)
        {
            return new DomainError(ErrorCodes.InvalidTransition,
                $"Products are submitted under an active authorization; '{authorization.Id}' is {Kebab.Name(authorization.State)}.");
        }
        return ProductRules.Check(definition, authorization.Datasets.Select(d => d.Id).ToHashSet(StringComparer.Ordinal));
    }
}
