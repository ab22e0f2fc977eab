namespace Domains.Grains.Drivers;

public sealed class WorkspaceOptions
{
    public const string Section = "Workspaces";

    /// <summary>R11 keeps network logs at least six months after closing: less stops the silo at start-up.</summary>
    public const int MinimumLogRetentionMonths = 6;

    /// <summary><c>postgres</c> (the controller provisions in PostgreSQL itself) or <c>webhook</c> (platform automation).</summary>
    public string Driver { get; set; } = "postgres";

    public int LogRetentionMonths { get; set; } = MinimumLogRetentionMonths;

    public TimeSpan ProvisioningTimeout { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan DeletionDeadline { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The PostgreSQL driver's own login and database (the <c>domains_provisioner</c> role, which may create
    /// roles and the database), kept apart from the silo's <c>ConnectionStrings:Domains</c> so that one stays
    /// minimal; it may name another server. Unset: the controller's connection string with database
    /// <c>{name}_workspaces</c>, which works only when that login may create roles (not <c>domains_silo</c>).
    /// </summary>
    public string? PostgresConnectionString { get; set; }

    public WebhookDriverOptions Webhook { get; set; } = new();
}

public sealed class WebhookDriverOptions
{
    /// <summary>Where commands are POSTed (platform automation).</summary>
    public string? Url { get; set; }

    /// <summary>The HMAC-SHA256 key of <c>X-Domains-Signature</c>. Never logged.</summary>
    public string? Secret { get; set; }

    /// <summary>How long one command is retried (with backoff) within one attempt before the workspace tries again later.</summary>
    public TimeSpan AttemptBudget { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first backoff delay; later ones grow exponentially with jitter, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>One POST that hangs longer than this is abandoned and retried, so it cannot eat the whole budget.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
