namespace Domains.Grains.Channels;

/// <summary>
/// The SMTP relay email channels send through (section <c>Smtp</c>). STARTTLS is used whenever the relay
/// offers it; authentication only when <see cref="Username"/> is set. <see cref="Password"/> is never logged.
/// </summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    /// <summary>Unset: no relay is configured, and every email attempt fails as <c>smtp-not-configured</c>.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Or a file holding the password (mode 600), so it need not be in the environment.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>The sender address (<c>From</c>); its domain also ends every <c>Message-ID</c>.</summary>
    public string From { get; set; } = "domains@domains.localhost"; // a reserved name (RFC 6761); deployments set theirs

    /// <summary>The display name of <see cref="From"/>.</summary>
    public string FromName { get; set; } = "数据授权运营管理";

    /// <summary>Whether the relay's certificate may fail validation (a private relay in development only).</summary>
    public bool AcceptAnyCertificate { get; set; }

    public string? ReadPassword() =>
        !string.IsNullOrEmpty(Password) ? Password
        : !string.IsNullOrWhiteSpace(PasswordFile) ? File.ReadAllText(PasswordFile).TrimEnd('\r', '\n')
        : null;
}
