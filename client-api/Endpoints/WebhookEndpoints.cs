using System.Globalization;
using Domains.ClientApi.Auth;
using Domains.ClientApi.Contracts;
using Domains.ClientApi.Errors;
using Domains.ClientApi.Http;
using Domains.ClientApi.OpenApi;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Delivery;
using Domains.GrainInterfaces.Webhooks;
using Domains.GrainInterfaces.Lists;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Domains.ClientApi.Endpoints;

public static class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/webhooks").WithTags("Webhooks");
        group.MapPut("/{id}", PutAsync).WithName("PutWebhook").WithSummary("Register or update a webhook").ProducesProblems(ErrorCodes.InvalidTransition).RequireRoles(RoleNames.Authority).JsonBody<PutWebhookRequest>();
        group.MapPost("/{id}/disable", (string id, HttpContext http, IClusterClient orleans) =>
                CommandAsync(id, http, orleans, (grain, context) => grain.DisableAsync(context)))
            .WithName("DisableWebhook").WithSummary("Disable a webhook").RequireRoles(RoleNames.Authority).JsonBody<OptionalReasonRequest>();
        group.MapPost("/{id}/enable", (string id, HttpContext http, IClusterClient orleans) =>
                CommandAsync(id, http, orleans, (grain, context) => grain.EnableAsync(context)))
            .WithName("EnableWebhook").WithSummary("Enable a webhook").RequireRoles(RoleNames.Authority).JsonBody<OptionalReasonRequest>();
        group.MapGet("/", ListAsync).WithName("ListWebhooks").WithSummary("List webhooks, newest first")
            .RequireRoles(RoleNames.Authority, RoleNames.Supervisor, RoleNames.Auditor);
        group.MapGet("/{id}", GetAsync).WithName("GetWebhook").WithSummary("Read a webhook (never its secret)").RequireRoles(RoleNames.Authority, RoleNames.Supervisor, RoleNames.Auditor);
        group.MapGet("/{id}/deliveries", ListDeliveriesAsync).WithName("ListWebhookDeliveries").WithSummary("List a webhook's delivery attempts").RequireRoles(RoleNames.Authority, RoleNames.Supervisor, RoleNames.Auditor);
        return app;
    }

    private static async Task<Results<Created<WebhookResponse>, Ok<WebhookResponse>, ProblemHttpResult>> PutAsync(
        string id, HttpContext http, IClusterClient orleans, IOptions<WebhookUrlOptions> urls, IHostEnvironment environment)
    {
        if (!Ids.IsValidChosenId(id)) return Problems.Result(DomainError.Validation("id", "is not a valid webhook id"), http);
        var (request, problem) = await CommandRequest.ReadAsync<PutWebhookRequest>(http);
        if (problem is not null) return problem;
        if (urls.Value.Refusal(request!.Body.Url!, environment.IsDevelopment()) is { } refusal)
        {
            return Problems.Result(DomainError.Validation("url", refusal), http);
        }

        var result = await orleans.GetGrain<IWebhookGrain>(id).RegisterAsync(request!.Body.ToDefinition(), request.Context);
        return Respond.Command(http, result, WebhookResponse.From, v => v.Version, v => $"/v1/webhooks/{v.Id}");
    }

    private static async Task<Results<Created<WebhookResponse>, Ok<WebhookResponse>, ProblemHttpResult>> CommandAsync(
        string id, HttpContext http, IClusterClient orleans, Func<IWebhookGrain, CommandContext, Task<CommandResult<WebhookView>>> command)
    {
        if (!Ids.IsValidChosenId(id)) return Problems.Result(DomainError.NotFound($"Webhook '{id}'"), http);
        var (request, problem) = await CommandRequest.ReadAsync<OptionalReasonRequest>(http);
        if (problem is not null) return problem;

        var result = await command(orleans.GetGrain<IWebhookGrain>(id), request!.Context);
        return Respond.Command(http, result, WebhookResponse.From, v => v.Version);
    }

    private static async Task<Results<Ok<PageResponse<WebhookResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext http, IClusterClient orleans, string? state, string? limit, string? cursor)
    {
        var errors = new Validator();
        var size = Paging.Limit(limit, errors);
        var states = Paging.Enum<WebhookStatus>("state", state, errors);
        var after = Paging.Cursor(cursor, errors);
        if (!errors.IsValid) return Paging.Invalid(http, errors);

        return await ResourceLists.PageAsync<WebhookView, WebhookResponse>(http, orleans,
            new ResourceQuery(EntityTypes.Webhook, States: states, AfterId: after, Limit: size!.Value), WebhookResponse.From);
    }

    private static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext http, IClusterClient orleans)
    {
        var view = Ids.IsValidChosenId(id) ? await orleans.GetGrain<IWebhookGrain>(id).GetAsync() : null;
        return Respond.Read(http, view, $"Webhook '{id}'", WebhookResponse.From, v => v.Version);
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
        var page = Ids.IsValidChosenId(id) ? await orleans.GetGrain<IWebhookGrain>(id).ListDeliveriesAsync(query) : null;
        if (page is null) return Problems.Result(DomainError.NotFound($"Webhook '{id}'"), http);
        return TypedResults.Ok(new PageResponse<NoticeDeliveryResponse>(page.Items.Select(NoticeDeliveryResponse.From).ToList(), page.NextCursor));
    }
}
