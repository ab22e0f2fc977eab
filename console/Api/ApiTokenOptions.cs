namespace Domains.WebConsole.Api;

/// <summary>How the console signs the API's bearer tokens (section <c>Auth</c>, the same key and names as the API's).</summary>
public sealed class ApiTokenOptions
{
    public const string Section = "Auth";

    public string Issuer { get; set; } = "domains";

    public string Audience { get; set; } = "domains-api";

    /// <summary>The API's signing key, base64; never logged.</summary>
    public string? SigningKey { get; set; }

    /// <summary>A file holding <see cref="SigningKey"/> (ops/run's DATA/jwt.key).</summary>
    public string? SigningKeyFile { get; set; }

    public byte[] ResolveKey()
    {
        var text = SigningKey;
        if (string.IsNullOrWhiteSpace(text) && !string.IsNullOrWhiteSpace(SigningKeyFile)) text = File.ReadAllText(SigningKeyFile);
        if (string.IsNullOrWhiteSpace(text)) throw new InvalidOperationException("Auth:SigningKey or Auth:SigningKeyFile must be set.");
        return Convert.FromBase64String(text.Trim());
    }
}
