using System.Globalization;
using Domains.ClientApi.Auth;
using Domains.ClientApi.Contracts;
using Domains.ClientApi.Errors;
using Domains.ClientApi.Http;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Channels;
using Domains.GrainInterfaces.Delivery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Domains.ClientApi.Endpoints;

/// <summary>Notification channels (API.md "Notification channels"): email and DingTalk robots, and their deliveries.</summary>
public static class ChannelEndpoints
{
    public static IEndpointRouteBuilder MapChannelEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/channels").WithTags("Channels");
        group.MapPut("/{id}", PutAsync).RequireRoles(RoleNames.Authority).JsonBody<PutChannelRequest>()
            .WithName("PutChannel").WithSummary("Register or replace a notification channel (email or DingTalk robot)")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id}/disable", (string id, HttpContext http, IClusterClient orleans) =>
                CommandAsync(id, http, orleans, (grain, context) => grain.DisableAsync(context)))
            .RequireRoles(RoleNames.Authority).JsonBody<OptionalReasonRequest>()
            .WithName("DisableChannel").WithSummary("Stop sending a channel's notices")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapPost("/{id}/enable", (string id, HttpContext http, IClusterClient orleans) =>
                CommandAsync(id, http, orleans, (grain, context) => grain.EnableAsync(context)))
            .RequireRoles(RoleNames.Authority).JsonBody<OptionalReasonRequest>()
            .WithName("EnableChannel").WithSummary("Send a channel's notices again, from now on")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapGet("/{id}", GetAsync).RequireRoles(RoleNames.Authority, RoleNames.Supervisor, RoleNames.Auditor)
            .WithName("GetChannel").WithSummary("A notification channel")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/deliveries", ListDeliveriesAsync).RequireRoles(RoleNames.Authority, RoleNames.Supervisor, RoleNames.Auditor)
            .WithName("ListChannelDeliveries").WithSummary("A channel's deliveries with every attempt, oldest first")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<ChannelResponse>, Ok<ChannelResponse>, ProblemHttpResult>> PutAsync(
        string id, HttpContext http, IClusterClient orleans, IOptions<WebhookUrlOptions> urls, IHostEnvironment environment)
    {
        if (!Ids.IsValidChosenId(id)) return Problems.Result(DomainError.Validation("id", "is not a valid channel id"), http);
        var (request, problem) = await CommandRequest.ReadAsync<PutChannelRequest>(http);
        if (problem is not null) return problem;
        // A robot URL is held to the webhooks' rule: https, and no internal address, outside development.
        if (request!.Body.Kind == "dingtalk" && urls.Value.Refusal(request.Body.Target!.Url!, environment.IsDevelopment()) is { } refusal)
        {
            return Problems.Result(DomainError.Validation("target.url", refusal), http);
        }

        var result = await orleans.GetGrain<IChannelGrain>(id).RegisterAsync(request.Body.ToDefinition(), request.Context);
        return Respond.Command(http, result, ChannelResponse.From, v => v.Version, v => $"/v1/channels/{v.Id}");
    }

    private static async Task<Results<Created<ChannelResponse>, Ok<ChannelResponse>, ProblemHttpResult>> CommandAsync(
        string id, HttpContext http, IClusterClient orleans, Func<IChannelGrain, CommandContext, Task<CommandResult<ChannelView>>> command)
    {
        if (!Ids.IsValidChosenId(id)) return Problems.Result(DomainError.NotFound($"Channel '{id}'"), http);
        var (request, problem) = await CommandRequest.ReadAsync<OptionalReasonRequest>(http);
        if (problem is not null) return problem;

        var result = await command(orleans.GetGrain<IChannelGrain>(id), request!.Context);
        return Respond.Command(http, result, ChannelResponse.From, v => v.Version);
    }

    private static async Task<Results<Ok<ChannelResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext http, IClusterClient orleans)
    {
        var view = Ids.IsValidChosenId(id) ? await orleans.GetGrain<IChannelGrain>(id).GetAsync() : null;
        return Respond.Read(http, view, $"Channel '{id}'", ChannelResponse.From, v => v.Version);
    }

    private static async Task<Results<Ok<PageResponse<NoticeDeliveryResponse>>, ProblemHttpResult>> ListDeliveriesAsync(
        string id, HttpContext http, IClusterClient orleans, string? state, string? limit, string? cursor)
    {
        var errors = new Validator();
        var size = Paging.Limit(limit, errors);
        var states = Paging.Enum<DeliveryState>("state", state, errors);
        long after = 0;
        errors.Check(string.IsNullOrEmpty(cursor) || long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out after),
            "cursor", "is not a cursor of this list");
        if (!errors.IsValid) return Paging.Invalid(http, errors);

        var query = new DeliveryQuery(after, size!.Value, states is [var name] ? Enum.GetValues<DeliveryState>().First(s => EnumNames.Kebab(s) == name) : null);
        var page = Ids.IsValidChosenId(id) ? await orleans.GetGrain<IChannelGrain>(id).ListDeliveriesAsync(query) : null;
        if (page is null) return Problems.Result(DomainError.NotFound($"Channel '{id}'"), http);
        return TypedResults.Ok(new PageResponse<NoticeDeliveryResponse>(page.Items.Select(NoticeDeliveryResponse.From).ToList(), page.NextCursor));
    }
}
