namespace Domains.GrainInterfaces;

/// <summary>The stable problem codes of API.md. Clients switch on these: never rename one.</summary>
public static class ErrorCodes
{
    public const string MalformedJson = "malformed-json";
    public const string ValidationFailed = "validation-failed";
    public const string InvalidTransition = "invalid-transition";
    public const string VersionMismatch = "version-mismatch";
    public const string IdempotencyKeyReused = "idempotency-key-reused";
    public const string NotFound = "not-found";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string StorageUnavailable = "storage-unavailable";
    public const string ServiceUnavailable = "service-unavailable";
    public const string OutcomeUnknown = "outcome-unknown";
    public const string PayloadTooLarge = "payload-too-large";
    public const string Internal = "internal-error";
    public const string RateLimited = "rate-limited";

    public const string InvalidUscc = "invalid-uscc";
    public const string NoticeNotOpen = "notice-not-open";
    public const string UnitNotQualified = "unit-not-qualified";
    public const string MaterialMissing = "material-missing";
    public const string MaterialOutdated = "material-outdated";
    public const string TermTooLong = "term-too-long";
    public const string DatasetsRequired = "datasets-required";
    public const string DuplicateApplication = "duplicate-application";
    public const string QuotaExhausted = "quota-exhausted";
    public const string FilingRequired = "filing-required";
    public const string DomainNotOperational = "domain-not-operational";
    public const string DomainRegionMismatch = "domain-region-mismatch";
    public const string DatasetNotAuthorized = "dataset-not-authorized";
    public const string ProtectionRequired = "protection-required";
    public const string BlanketConsentForbidden = "blanket-consent-forbidden";

    /// <summary>A purge of usage logs before their retention (≥ 6 months after closing) ended: 409, nothing purged.</summary>
    public const string RetentionNotOver = "retention-not-over";

    /// <summary>An application names a dataset its notice's domain has not catalogued (DATAPLANE.md §2): 400.</summary>
    public const string DatasetUnknown = "dataset-unknown";

    /// <summary>A catalogue entry's table or a sensitive column does not exist on the domain's data server: 409.</summary>
    public const string DatasetTableMissing = "dataset-table-missing";

    /// <summary>
    /// A catalogue entry whose view name (DATAPLANE.md §3: the id with every character outside <c>[a-z0-9_]</c> made
    /// <c>_</c>) is another dataset's of the same domain (<c>ds-a</c>, <c>ds.a</c>, <c>DS_A</c>): 409, nothing changed.
    /// </summary>
    public const string DatasetViewTaken = "dataset-view-taken";

    /// <summary>An export names a table its workspace's own schema does not hold: 409, nothing changed.</summary>
    public const string ExportTableMissing = "export-table-missing";

    /// <summary>An export names a table of another schema than the workspace's own (the datasets' views, another workspace): 400.</summary>
    public const string ExportSchemaForbidden = "export-schema-forbidden";

    /// <summary>A bounded list of an entity (corrections, incidents, inspections) is full: 409, nothing changed.</summary>
    public const string LimitReached = "limit-reached";
}
