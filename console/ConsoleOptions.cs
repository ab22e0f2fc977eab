namespace Domains.WebConsole;

/// <summary>The console's settings (section <c>Console</c>).</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>The HTTP API the console calls on behalf of the signed-in person, e.g. <c>http://127.0.0.1:5080</c>.</summary>
    public string ApiUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>How long a token minted for one person's calls is valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A session with no request for this long ends; the next request signs in again.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Failed sign-ins in a row that lock a local account, and for how long.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The time zone of people whose account names none.</summary>
    public string DefaultTimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>How long a command's page waits for the workspace to report enforcement applied before it shows the pending state.</summary>
    public TimeSpan EnforcementWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The Orleans Dashboard under /ops (authority only); off by default (BENCHMARKS.md).</summary>
    public bool Dashboard { get; set; }

    public OidcOptions Oidc { get; set; } = new();
}
