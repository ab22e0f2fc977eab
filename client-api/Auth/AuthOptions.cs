using Microsoft.Extensions.Options;

namespace Domains.ClientApi.Auth;

/// <summary>Bearer token validation: HS256 with a shared key, checked for issuer, audience and lifetime.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// What the deployment examples (<c>ops/deploy/jwt.key.example</c>) hold in place of a key: a copied
    /// example must stop the API rather than sign tokens anyone who read the repository can forge.
    /// </summary>
    public const string Placeholder = "CHANGE-ME";

    /// <summary>HMAC-SHA256 is as strong as its key: at least one hash block's worth of entropy.</summary>
    public const int MinimumKeyBytes = 32;

    private const string HowToMakeOne = "make one with `head -c 48 /dev/urandom | base64 -w0`.";

    public string Issuer { get; set; } = "domains";

    public string Audience { get; set; } = "domains-api";

    /// <summary>The signing key, base64 (at least 32 random bytes). Never logged.</summary>
    public string? SigningKey { get; set; }

    /// <summary>A file holding <see cref="SigningKey"/>, as <c>ops/run</c> writes it under the data folder.</summary>
    public string? SigningKeyFile { get; set; }

    public byte[] ResolveKey()
    {
        var (key, problem) = Read();
        return key ?? throw new InvalidOperationException(problem);
    }

    /// <summary>Why the configured key may not sign tokens, or null when it may. The message never holds the key.</summary>
    public string? KeyProblem() => Read().Problem;

    private (byte[]? Key, string? Problem) Read()
    {
        var text = SigningKey;
        if (string.IsNullOrWhiteSpace(text) && !string.IsNullOrWhiteSpace(SigningKeyFile))
        {
            try
            {
                text = File.ReadAllText(SigningKeyFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return (null, $"Auth:SigningKeyFile {SigningKeyFile} cannot be read: {ex.GetType().Name}.");
            }
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, "Auth:SigningKey or Auth:SigningKeyFile must be set.");
        }
        if (text.Contains(Placeholder, StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"The signing key is the deployment examples' placeholder ({Placeholder}): {HowToMakeOne}");
        }
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            return (null, $"The signing key is not base64: {HowToMakeOne}");
        }
        if (key.Length < MinimumKeyBytes)
        {
            return (null, $"The signing key must be at least {MinimumKeyBytes} bytes (it has {key.Length}): {HowToMakeOne}");
        }
        // A word or a pass phrase encoded in base64 is not a key: 32 random bytes are all printable, or
        // hold fewer than 16 different values, with odds below 1e-13.
        if (key.All(b => b is >= 0x20 and < 0x7f) || key.Distinct().Count() < 16)
        {
            return (null, $"The signing key does not look like random bytes: {HowToMakeOne}");
        }
        return (key, null);
    }
}

/// <summary>Stops the API at start-up, with the reason, when its signing key is missing or weak.</summary>
internal sealed class AuthOptionsValidation : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
        options.KeyProblem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
