using Domains.ClientApi.Auth;
using Domains.ClientApi.Contracts;
using Domains.ClientApi.Errors;
using Domains.ClientApi.Http;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Clock;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Domains.ClientApi.Endpoints;

/// <summary>The manual business clock (development and tests). With the system clock both routes answer 404.</summary>
public static class AdminClockEndpoints
{
    public static IEndpointRouteBuilder MapAdminClockEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin/clock").WithTags("Admin");
        group.MapGet("/", GetAsync).WithName("GetClock").WithSummary("Read the business clock").RequireAnyRole();
        group.MapPost("/", AdvanceAsync).WithName("AdvanceClock").WithSummary("Move the manual business clock forward and handle every deadline due by then").RequireRoles(RoleNames.Authority).JsonBody<AdvanceClockRequest>();
        return app;
    }

    private static async Task<Results<Ok<ClockResponse>, ProblemHttpResult>> GetAsync(HttpContext http, IClusterClient orleans)
    {
        var status = await orleans.GetGrain<IBusinessClockGrain>(0).GetStatusAsync();
        return status.Manual ? TypedResults.Ok(new ClockResponse(status.Now)) : NotManual(http);
    }

    private static async Task<Results<Ok<ClockResponse>, ProblemHttpResult>> AdvanceAsync(HttpContext http, IClusterClient orleans)
    {
        var clock = orleans.GetGrain<IBusinessClockGrain>(0);
        var status = await clock.GetStatusAsync();
        if (!status.Manual) return NotManual(http);
        var (request, problem) = await CommandRequest.ReadAsync<AdvanceClockRequest>(http);
        if (problem is not null) return problem;

        var body = request!.Body;
        var target = body.To ?? (IsoDuration.TryParse(body.AdvanceBy, out var by) ? by.AddTo(status.Now) : status.Now);
        if (target > UtcInstantConverter.Latest)
        {
            // Past it, the rules' own sums (now + a term, + a duration) would leave DateTimeOffset's range.
            return Problems.Result(DomainError.Validation("advanceBy", $"would move the clock past {UtcInstantConverter.Latest:O}"), http);
        }
        var result = await clock.AdvanceToAsync(target, request.Context);
        return result.Error is { } error ? Problems.Result(error, http) : TypedResults.Ok(new ClockResponse(result.Value!.Now));
    }

    private static ProblemHttpResult NotManual(HttpContext http) =>
        Problems.Result(new DomainError(ErrorCodes.NotFound, "The business clock is not manual."), http);
}
