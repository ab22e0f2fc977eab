using System.Collections.Frozen;
using Domains.GrainInterfaces;

namespace Domains.ClientApi.Errors;

/// <summary>The one place an error code becomes an HTTP status and a title. Clients switch on the code.</summary>
public static class ProblemMapping
{
    public static readonly FrozenDictionary<string, (int Status, string Title)> Codes = new Dictionary<string, (int, string)>
    {
        [ErrorCodes.MalformedJson] = (400, "The body is not valid JSON."),
        [ErrorCodes.ValidationFailed] = (400, "The request failed validation."),
        [ErrorCodes.InvalidUscc] = (400, "The unified social credit code is invalid."),
        [ErrorCodes.MaterialMissing] = (400, "A required material is missing."),
        [ErrorCodes.MaterialOutdated] = (400, "A material is too old."),
        [ErrorCodes.TermTooLong] = (400, "The term is longer than 36 months."),
        [ErrorCodes.DatasetsRequired] = (400, "At least one dataset is required."),
        [ErrorCodes.DatasetNotAuthorized] = (400, "A dataset is not authorized."),
        [ErrorCodes.ProtectionRequired] = (400, "Personal information or trade secrets need protection."),
        [ErrorCodes.BlanketConsentForbidden] = (400, "Blanket or forced consent is forbidden."),
        [ErrorCodes.DatasetUnknown] = (400, "A dataset is not in the catalogue of the notice's domain."),
        [ErrorCodes.Unauthorized] = (401, "Authentication is required."),
        [ErrorCodes.Forbidden] = (403, "Forbidden."),
        [ErrorCodes.NotFound] = (404, "Not found."),
        [ErrorCodes.InvalidTransition] = (409, "The command is not allowed in the current state."),
        [ErrorCodes.NoticeNotOpen] = (409, "The notice is not open for applications."),
        [ErrorCodes.DuplicateApplication] = (409, "An application for this notice already exists."),
        [ErrorCodes.QuotaExhausted] = (409, "The notice's quota is exhausted."),
        [ErrorCodes.FilingRequired] = (409, "A pilot authorization must be filed first."),
        [ErrorCodes.DomainNotOperational] = (409, "The operation domain is not operational."),
        [ErrorCodes.DomainRegionMismatch] = (409, "The operation domain does not serve the notice's region."),
        [ErrorCodes.ExportSchemaForbidden] = (400, "Only tables of the workspace's own schema can be exported."),
        [ErrorCodes.ExportTableMissing] = (409, "The workspace's schema has no such table."),
        [ErrorCodes.RetentionNotOver] = (409, "The logs are retained until their retention ends."),
        [ErrorCodes.DatasetTableMissing] = (409, "The dataset's table or a column does not exist on the domain's data server."),
        [ErrorCodes.DatasetViewTaken] = (409, "Another dataset of the domain has the same view name."),
        [ErrorCodes.LimitReached] = (409, "The entity holds as many of these as it may; nothing was changed."),
        [ErrorCodes.VersionMismatch] = (412, "The resource has changed."),
        [ErrorCodes.PayloadTooLarge] = (413, "The body is too large."),
        [ErrorCodes.UnitNotQualified] = (422, "The operating unit is not qualified."),
        [ErrorCodes.IdempotencyKeyReused] = (422, "The Idempotency-Key was used with another request."),
        [ErrorCodes.RateLimited] = (429, "Too many requests; retry after the time in Retry-After."),
        [ErrorCodes.Internal] = (500, "Internal error."),
        [ErrorCodes.StorageUnavailable] = (503, "Storage is unavailable; retry later."),
        [ErrorCodes.ServiceUnavailable] = (503, "No silo could take the request; retry later."),
        [ErrorCodes.OutcomeUnknown] = (504, "The outcome is unknown; retry with the same Idempotency-Key."),
    }.ToFrozenDictionary();

    public static (int Status, string Title) For(string code) =>
        Codes.TryGetValue(code, out var entry) ? entry : (500, "Internal error.");
}
