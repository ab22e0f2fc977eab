namespace Domains.Grains.Drivers.Postgres;

/// <summary>Where the usage-log collector reads (DATAPLANE.md §4) and how often.</summary>
public sealed class UsageLogOptions
{
    public const string Section = "UsageLog";

    /// <summary>
    /// Data servers by a stable name (the name keys the collector's position, so never rename one) → the
    /// connection string of the <c>domains_usage_reader</c> login there. Empty: nothing is collected.
    /// </summary>
    public Dictionary<string, string> Servers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long the collector rests after it has read everything there was; bounds the lag (≤ 10 s).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The logins whose usage is recorded: the workspace roles the PostgreSQL driver makes.</summary>
    public string RolePattern { get; set; } = "^ws_[0-9a-f]{24}$";

    /// <summary>The most bytes read from a log file in one step (one transaction on the controller).</summary>
    public int ChunkBytes { get; set; } = 1024 * 1024;
}
