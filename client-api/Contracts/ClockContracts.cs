using Domains.ClientApi.Http;
using Domains.GrainInterfaces;

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
