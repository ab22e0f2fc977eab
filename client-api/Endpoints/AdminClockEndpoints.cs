using System.Diagnostics;
using Domains.ClientApi.Auth;
using Domains.ClientApi.Contracts;
using Domains.ClientApi.Errors;
using Domains.ClientApi.Http;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Clock;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Domains.ClientApi.Endpoints;

/// <summary>
/// The manual business clock (development and tests). A move answers <c>{now}</c> once every deadline due
/// by then is handled, or, past <c>AdminClock:AnswerWithin</c>, <c>202</c> with the sweep to poll. With the
/// system clock every route answers 404.
/// </summary>
public static class AdminClockEndpoints
{
    private const string SweepsPath = "/v1/admin/clock/sweeps";

    /// <summary>What a poller is told to wait between polls of a running sweep.</summary>
    private const string RetryAfterSeconds = "1";

    public static IEndpointRouteBuilder MapAdminClockEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin/clock").WithTags("Admin");
        group.MapGet("/", GetAsync).WithName("GetClock").WithSummary("Read the business clock").RequireAnyRole();
        group.MapPost("/", AdvanceAsync).WithName("AdvanceClock").WithSummary("Move the manual business clock forward and handle every deadline due by then").RequireRoles(RoleNames.Authority).JsonBody<AdvanceClockRequest>();
        group.MapGet("/sweeps/{id}", GetSweepAsync).WithName("GetClockSweep").WithSummary("Follow a clock move that was answered 202 until it is done").RequireAnyRole();
        return app;
    }

    private static async Task<Results<Ok<ClockResponse>, ProblemHttpResult>> GetAsync(HttpContext http, IClusterClient orleans)
    {
        var status = await orleans.GetGrain<IBusinessClockGrain>(0).GetStatusAsync();
        return status.Manual ? TypedResults.Ok(new ClockResponse(status.Now)) : NotManual(http);
    }

    private static async Task<Results<Ok<ClockResponse>, Accepted<ClockSweepResponse>, ProblemHttpResult>> AdvanceAsync(
        HttpContext http, IClusterClient orleans, IOptions<AdminClockOptions> options)
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
        var started = await clock.StartAdvanceAsync(target, request.Context);
        if (started.Error is { } error) return Problems.Result(error, http);

        var sweep = await WaitAsync(clock, started.Value!, options.Value.AnswerWithin);
        if (sweep.Done) return TypedResults.Ok(new ClockResponse(sweep.Now));
        http.Response.Headers.RetryAfter = RetryAfterSeconds;
        return TypedResults.Accepted($"{SweepsPath}/{sweep.Id}", ClockSweepResponse.From(sweep));
    }

    private static async Task<Results<Ok<ClockSweepResponse>, ProblemHttpResult>> GetSweepAsync(string id, HttpContext http, IClusterClient orleans)
    {
        var clock = orleans.GetGrain<IBusinessClockGrain>(0);
        if (!(await clock.GetStatusAsync()).Manual) return NotManual(http);
        if (!Ids.IsValidChosenId(id) || await clock.WaitSweepAsync(id, TimeSpan.Zero) is not { } sweep)
        {
            return Problems.Result(DomainError.NotFound($"Clock sweep {id}"), http);
        }
        if (!sweep.Done) http.Response.Headers.RetryAfter = RetryAfterSeconds;
        return TypedResults.Ok(ClockSweepResponse.From(sweep));
    }

    /// <summary>Waits for the sweep until it is done or <paramref name="bound"/> has passed, in bounded grain calls.</summary>
    private static async Task<ClockSweep> WaitAsync(IBusinessClockGrain clock, ClockSweep sweep, TimeSpan bound)
    {
        var waited = Stopwatch.StartNew();
        while (!sweep.Done && bound - waited.Elapsed is var left && left > TimeSpan.Zero)
        {
            sweep = await clock.WaitSweepAsync(sweep.Id, left) ?? sweep;
        }
        return sweep;
    }

    private static ProblemHttpResult NotManual(HttpContext http) =>
        Problems.Result(new DomainError(ErrorCodes.NotFound, "The business clock is not manual."), http);
}
