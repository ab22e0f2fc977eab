using Domains.ClientApi.Http;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Clock;

namespace Domains.ClientApi.Contracts;

public sealed record AdvanceClockRequest(string? AdvanceBy, DateTimeOffset? To) : IRequestBody
{
    public void Validate(Validator v)
    {
        v.Check(AdvanceBy is null ^ To is null, "advanceBy", "give exactly one of advanceBy and to");
        v.Check(AdvanceBy is null || IsoDuration.TryParse(AdvanceBy, out _), "advanceBy", "is not an ISO 8601 duration such as P30D");
    }

    public string? AuditReason => AdvanceBy is null ? $"to {To:O}" : $"advance by {AdvanceBy}";
}

public sealed record ClockResponse(DateTimeOffset Now);

/// <summary>Where a clock move that outlasted <c>AdminClock:AnswerWithin</c> has got to.</summary>
public sealed record ClockSweepResponse(string Id, ClockSweepState State, DateTimeOffset To, DateTimeOffset Now, long? DueLeft)
{
    public static ClockSweepResponse From(ClockSweep sweep) =>
        new(sweep.Id, sweep.Done ? ClockSweepState.Done : ClockSweepState.Running, sweep.To, sweep.Now, sweep.Done ? null : sweep.DueLeft);
}

public enum ClockSweepState
{
    Running = 0,
    Done = 1,
}
