using System.Globalization;
using Domains.ClientApi.Auth;
using Domains.ClientApi.Contracts;
using Domains.ClientApi.Errors;
using Domains.ClientApi.Http;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Domains.ClientApi.Endpoints;

public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/audit").WithTags("Audit")
            .RequireRoles(RoleNames.Auditor, RoleNames.Supervisor, RoleNames.Authority);
        group.MapGet("/", ListAsync).WithName("ListAuditEvents").WithSummary("List an entity's audit events in order");
        group.MapGet("/verify", VerifyAsync).WithName("VerifyAudit").WithSummary("Verify an entity's audit hash chain");
        group.MapGet("/export", Export).WithName("ExportAudit")
            .WithSummary("Stream every matching audit event, in seq order")
            .WithDescription("`format=ndjson` (default) writes one event per line as `GET /v1/audit` shows it; `format=csv` a header and one row per event. " +
                "`from` (inclusive) and `to` (exclusive) bound the events' `at`; `entityType` keeps one entity type. Streamed page by page, never held whole.")
            .Produces(StatusCodes.Status200OK, contentType: AuditExportResult.NdjsonType, additionalContentTypes: [AuditExportResult.CsvType]);
        return app;
    }

    private static async Task<Results<Ok<PageResponse<AuditEventResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext http, IClusterClient orleans, string? entity, string? actor, string? from, string? to, string? limit, string? cursor)
    {
        var errors = new Validator();
        var target = ParseEntity(entity, errors);
        var size = Paging.Limit(limit, errors);
        var fromAt = Paging.Instant("from", from, errors);
        var toAt = Paging.Instant("to", to, errors);
        long afterSeq = 0;
        errors.Check(string.IsNullOrEmpty(cursor) || long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out afterSeq), "cursor", "is not a cursor of this list");
        if (!errors.IsValid) return Invalid(http, errors);

        var page = await orleans.GetGrain<IAuditReaderGrain>(0).ListAsync(new AuditQuery(target!, actor, fromAt, toAt, afterSeq, size!.Value));
        return TypedResults.Ok(new PageResponse<AuditEventResponse>(page.Items.Select(AuditEventResponse.From).ToList(), page.NextCursor));
    }

    private static Results<AuditExportResult, ProblemHttpResult> Export(
        HttpContext http, IClusterClient orleans, ILoggerFactory loggers, string? from, string? to, string? entityType, string? format)
    {
        var errors = new Validator();
        var fromAt = Paging.Instant("from", from, errors);
        var toAt = Paging.Instant("to", to, errors);
        errors.Check(string.IsNullOrEmpty(entityType) || EntityTypes.All.Contains(entityType), "entityType", $"must be one of {string.Join(", ", EntityTypes.All)}");
        errors.Check(string.IsNullOrEmpty(format) || format is "ndjson" or "csv", "format", "must be ndjson or csv");
        if (!errors.IsValid) return Invalid(http, errors);

        var query = new AuditExportQuery(string.IsNullOrEmpty(entityType) ? null : entityType, fromAt, toAt, AfterSeq: 0, AuditExportResult.PageSize);
        return new AuditExportResult(orleans, query, format is "csv", loggers.CreateLogger(typeof(AuditEndpoints).FullName!));
    }

    private static async Task<Results<Ok<AuditVerifyResponse>, ProblemHttpResult>> VerifyAsync(HttpContext http, IClusterClient orleans, string? entity)
    {
        var errors = new Validator();
        var target = ParseEntity(entity, errors);
        if (!errors.IsValid) return Invalid(http, errors);

        var result = await orleans.GetGrain<IAuditReaderGrain>(0).VerifyAsync(target!);
        return TypedResults.Ok(new AuditVerifyResponse(result.Valid, result.Events, result.BrokenAtVersion, result.Problem, result.Check, result.HeadVersion, result.Pending));
    }

    private static EntityRef? ParseEntity(string? entity, Validator errors)
    {
        if (EntityRef.TryParse(entity, out var target)) return target;
        errors.Add("entity", $"must be {{type}}/{{id}} with type one of {string.Join(", ", EntityTypes.All)}");
        return null;
    }

    private static ProblemHttpResult Invalid(HttpContext http, Validator errors) =>
        Problems.Result(new DomainError(ErrorCodes.ValidationFailed, "The query is invalid.", Errors: errors.Errors), http);
}
