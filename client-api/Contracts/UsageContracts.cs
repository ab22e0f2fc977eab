using Domains.GrainInterfaces.Usage;

namespace Domains.ClientApi.Contracts;

/// <summary>One usage record (API.md, Data plane): <c>seq</c> orders them and is the paging cursor.</summary>
public sealed record UsageRecordResponse(long Seq, DateTimeOffset At, string Session, UsageKind Kind, string? Statement, IReadOnlyList<string> Datasets)
{
    public static UsageRecordResponse From(UsageRecordView v) => new(v.Seq, v.At, v.Session, v.Kind, v.Statement, v.Datasets);
}
