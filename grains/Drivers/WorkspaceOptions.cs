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
    /// The domains' data servers (DATAPLANE.md §1) for the PostgreSQL driver: the driver's login
    /// (<c>domains_provisioner</c>) on each, database = the one holding the datasets. Never the controller's.
    /// </summary>
    public DataServerOptions DataServers { get; set; } = new();

    /// <summary>Before data servers: the driver's one database. Read as <see cref="DataServerOptions.Default"/> when that is unset.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>The data server of <paramref name="domainId"/>: its own entry, else the default; null when neither is set.</summary>
    public string? DataServerOf(string domainId) =>
        DataServers.Domains.TryGetValue(domainId, out var own) && !string.IsNullOrWhiteSpace(own)
            ? own
            : DataServers.Default ?? PostgresConnectionString;

    /// <summary>A workspace login's <c>CONNECTION LIMIT</c> (DATAPLANE.md §3).</summary>
    public int ConnectionLimit { get; set; } = 5;

    /// <summary>A workspace login's <c>statement_timeout</c>.</summary>
    public TimeSpan StatementTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A workspace login's <c>temp_file_limit</c>, in kB.</summary>
    public long TempFileLimitKb { get; set; } = 1024 * 1024;

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

public sealed class DataServerOptions
{
    /// <summary>The data server of every domain not named in <see cref="Domains"/> (<c>Workspaces:DataServers:Default</c>).</summary>
    public string? Default { get; set; }

    /// <summary>Domain id → connection string (<c>Workspaces:DataServers:Domains:{domainId}</c>).</summary>
    public Dictionary<string, string> Domains { get; set; } = new(StringComparer.Ordinal);
}
