using System.ComponentModel;
using Domains.ClientApi.Http;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Authorizations;

namespace Domains.ClientApi.Contracts;

public sealed record ScenarioBody(string? Title, string? Value, string? Goals, string? SecurityMeasures);

public sealed record DatasetBody(string? Id, string? Justification);

public sealed record MaterialBody(string? Ref, DateTimeOffset? IssuedAt);

public sealed record MaterialsBody(
    MaterialBody? ApplicationForm, MaterialBody? AuditReport, MaterialBody? FinancialReport,
    MaterialBody? SecurityCommitment, MaterialBody? RiskSelfAssessment);

/// <summary><c>POST /v1/authorizations</c>. Missing materials and datasets are the grain's to refuse with their own codes.</summary>
public sealed record ApplyRequest(
    string? UnitId, string? NoticeId, string? Renews, ScenarioBody? Scenario, List<DatasetBody>? Datasets,
    int? RequestedTermMonths, MaterialsBody? Materials) : IRequestBody
{
    public void Validate(Validator v)
    {
        v.Required("unitId", UnitId, 18).Required("noticeId", NoticeId, 128).Optional("renews", Renews, 128);
        v.Check(Scenario is not null, "scenario", "is required");
        if (Scenario is not null)
        {
            v.Required("scenario.title", Scenario.Title, 200).Required("scenario.value", Scenario.Value)
                .Required("scenario.goals", Scenario.Goals).Required("scenario.securityMeasures", Scenario.SecurityMeasures);
        }
        v.Required("requestedTermMonths", RequestedTermMonths);
        v.Check(Datasets is null || Datasets.Count <= 1000, "datasets", "has more than 1000 entries");
        foreach (var (dataset, i) in (Datasets ?? []).Select((d, i) => (d, i)))
        {
            v.Check(dataset is not null, $"datasets[{i}]", "is required");
            if (dataset is null) continue;
            v.Required($"datasets[{i}].id", dataset.Id, 128).Optional($"datasets[{i}].justification", dataset.Justification);
        }
        foreach (var (name, material) in MaterialList())
        {
            if (material is null) continue;
            v.Optional($"materials.{name}.ref", material.Ref, 500);
            v.Check(material.Ref is null || material.IssuedAt is not null, $"materials.{name}.issuedAt", "is required");
        }
    }

    public Application ToApplication() => new(
        UnitId!, NoticeId!, string.IsNullOrWhiteSpace(Renews) ? null : Renews,
        new Scenario(Scenario!.Title!, Scenario.Value!, Scenario.Goals!, Scenario.SecurityMeasures!),
        (Datasets ?? []).Select(d => new DatasetRequest(d.Id!, d.Justification ?? "")).ToList(),
        RequestedTermMonths!.Value,
        new Materials(Map(Materials?.ApplicationForm), Map(Materials?.AuditReport), Map(Materials?.FinancialReport),
            Map(Materials?.SecurityCommitment), Map(Materials?.RiskSelfAssessment)));

    private IEnumerable<(string, MaterialBody?)> MaterialList() =>
    [
        ("applicationForm", Materials?.ApplicationForm), ("auditReport", Materials?.AuditReport),
        ("financialReport", Materials?.FinancialReport), ("securityCommitment", Materials?.SecurityCommitment),
        ("riskSelfAssessment", Materials?.RiskSelfAssessment),
    ];

    private static Material? Map(MaterialBody? m) =>
        m is { Ref: { } reference, IssuedAt: { } issuedAt } && !string.IsNullOrWhiteSpace(reference) ? new Material(reference, issuedAt) : null;
}

public enum VerifyOutcome
{
    Pass = 1,
    Fail = 2,
}

public sealed record VerifyRequest(VerifyOutcome? Outcome, string? Note) : IRequestBody
{
    public void Validate(Validator v) => v.Required("outcome", Outcome).Optional("note", Note);

    public string? AuditReason => Note;
}

public sealed record NoteRequest(string? Note) : IRequestBody
{
    public void Validate(Validator v) => v.Optional("note", Note);

    public string? AuditReason => Note;
}

public sealed record FileRequest(string? FilingRef) : IRequestBody
{
    public void Validate(Validator v) => v.Required("filingRef", FilingRef, 200);

    public string? AuditReason => $"filing {FilingRef}";
}

public sealed record ActivateRequest(DateTimeOffset? TermStart, DateTimeOffset? TermEnd) : IRequestBody
{
    public void Validate(Validator v) => v.Required("termStart", TermStart).Required("termEnd", TermEnd);

    public string? AuditReason => $"term {TermStart:O} to {TermEnd:O}";
}

/// <summary><c>correctionDue</c> is an instant or an ISO 8601 duration from now; absent means P30D.</summary>
public sealed record SuspendRequest(string? Reason, string? CorrectionDue) : IRequestBody
{
    public void Validate(Validator v)
    {
        v.Required("reason", Reason);
        v.Check(CorrectionDue is null || ToDue() is not null, "correctionDue", "is neither an RFC 3339 instant nor an ISO 8601 duration");
    }

    public string? AuditReason => Reason;

    public Due? ToDue()
    {
        if (CorrectionDue is null) return new Due();
        if (IsoDuration.TryParse(CorrectionDue, out var after)) return new Due(After: after);
        return DateTimeOffset.TryParse(CorrectionDue, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal, out var at) && CorrectionDue.Contains('T', StringComparison.Ordinal)
            && at <= UtcInstantConverter.Latest
            ? new Due(At: new DateTimeOffset(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero))
            : null;
    }
}

public sealed record CorrectionRequest(string? Summary) : IRequestBody
{
    public void Validate(Validator v) => v.Required("summary", Summary);

    public string? AuditReason => "correction submitted";
}

public sealed record ReportRequest(int? Period, string? Summary) : IRequestBody
{
    public void Validate(Validator v) => v.Required("period", Period).Required("summary", Summary);

    public string? AuditReason => $"report {Period}";
}

public sealed record TermResponse(DateTimeOffset Start, DateTimeOffset End);

public sealed record SuspensionResponse(string Reason, DateTimeOffset SuspendedAt, DateTimeOffset CorrectionDue, DateTimeOffset? CorrectionSubmittedAt, bool Overdue);

public sealed record ReportResponse(int Period, DateTimeOffset DueAt, DateTimeOffset? SubmittedAt, bool Late, string? Summary);

public sealed record CorrectionResponse(string Summary, DateTimeOffset SubmittedAt);

public sealed record DecisionResponse(string By, DateTimeOffset At, string? Note);

public sealed record MaterialResponse(string Ref, DateTimeOffset IssuedAt);

public sealed record AuthorizationResponse(
    string Id, AuthorizationStatus State, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    string UnitId, string UnitName, string NoticeId, string DomainId, bool Pilot, ScenarioBody Scenario,
    IReadOnlyList<DatasetBody> Datasets, int RequestedTermMonths, IReadOnlyDictionary<string, MaterialResponse?> Materials,
    TermResponse? Term, string? Renews, string? RenewedBy, SuspensionResponse? Suspension, IReadOnlyList<ReportResponse> Reports,
    IReadOnlyList<CorrectionResponse> Corrections, DecisionResponse? Verification, DecisionResponse? Approval,
    DateTimeOffset? AnnouncedAt, string? FilingRef, DateTimeOffset? FiledAt, DateTimeOffset? EndedAt, string? EndReason)
{
    public static AuthorizationResponse From(AuthorizationView v) => new(
        v.Id, v.State, v.Version, v.CreatedAt, v.UpdatedAt, v.UnitId, v.UnitName, v.NoticeId, v.DomainId, v.Pilot,
        new ScenarioBody(v.Scenario.Title, v.Scenario.Value, v.Scenario.Goals, v.Scenario.SecurityMeasures),
        v.Datasets.Select(d => new DatasetBody(d.Id, d.Justification)).ToList(), v.RequestedTermMonths,
        new Dictionary<string, MaterialResponse?>
        {
            ["applicationForm"] = Map(v.Materials.ApplicationForm),
            ["auditReport"] = Map(v.Materials.AuditReport),
            ["financialReport"] = Map(v.Materials.FinancialReport),
            ["securityCommitment"] = Map(v.Materials.SecurityCommitment),
            ["riskSelfAssessment"] = Map(v.Materials.RiskSelfAssessment),
        },
        v.Term is { } t ? new TermResponse(t.Start, t.End) : null, v.Renews, v.RenewedBy,
        v.Suspension is { } s ? new SuspensionResponse(s.Reason, s.SuspendedAt, s.CorrectionDue, s.CorrectionSubmittedAt, s.Overdue) : null,
        v.Reports.Select(r => new ReportResponse(r.Period, r.DueAt, r.SubmittedAt, r.Late, r.Summary)).ToList(),
        v.Corrections.Select(c => new CorrectionResponse(c.Summary, c.SubmittedAt)).ToList(),
        Map(v.Verification), Map(v.Approval), v.AnnouncedAt, v.FilingRef, v.FiledAt, v.EndedAt, v.EndReason);

    private static MaterialResponse? Map(Material? m) => m is null ? null : new MaterialResponse(m.Ref, m.IssuedAt);

    private static DecisionResponse? Map(DecisionRecord? d) => d is null ? null : new DecisionResponse(d.By, d.At, d.Note);
}

/// <summary>
/// A public announcement (R5) with the authorization's current state, so that one that was suspended or
/// has ended is never read as authorised; <see cref="Ended"/> is <c>null</c> while it has not ended.
/// </summary>
public sealed record AnnouncementResponse(
    string Id, string UnitId, string UnitName, string NoticeId, string ScenarioTitle, DateTimeOffset AnnouncedAt,
    [property: Description("The authorization's current state: announced, filed, active, suspended, or how it ended.")]
    AuthorizationStatus State,
    [property: Description("When and how the authorization ended (expired, terminated, revoked, superseded); null while it has not ended.")]
    AnnouncementEndedResponse? Ended)
{
    public static AnnouncementResponse From(AnnouncementEntry e) =>
        new(e.Id, e.UnitId, e.UnitName, e.NoticeId, e.ScenarioTitle, e.AnnouncedAt, e.State,
            e.EndedAt is { } at ? new AnnouncementEndedResponse(at, e.State) : null);
}

/// <summary>The end of an announced authorization: the instant and the state it ended in.</summary>
public sealed record AnnouncementEndedResponse(DateTimeOffset At, AuthorizationStatus State);

public sealed record InboxNoticeResponse(string Id, string Kind, string Recipient, string Entity, DateTimeOffset At, string Subject);
