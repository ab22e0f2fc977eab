namespace Domains.ClientApi.Auth;

/// <summary>Bearer token validation: HS256 with a shared key, checked for issuer, audience and lifetime.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public string Issuer { get; set; } = "domains";

    public string Audience { get; set; } = "domains-api";

    /// <summary>The signing key, base64 (at least 32 bytes). Never logged.</summary>
    public string? SigningKey { get; set; }

    /// <summary>A file holding <see cref="SigningKey"/>, as <c>ops/run</c> writes it under the data folder.</summary>
    public string? SigningKeyFile { get; set; }

    public byte[] ResolveKey()
    {
        var text = SigningKey;
        if (string.IsNullOrWhiteSpace(text) && !string.IsNullOrWhiteSpace(SigningKeyFile))
        {
            text = File.ReadAllText(SigningKeyFile);
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidOperationException("Auth:SigningKey or Auth:SigningKeyFile must be set.");
        }
        var key = Convert.FromBase64String(text.Trim());
        if (key.Length < 32) throw new InvalidOperationException("The signing key must be at least 32 bytes.");
        return key;
    }
}
