using System.Security.Cryptography;
using System.Text;

namespace Domains.Grains.Webhooks;

/// <summary>
/// Seals webhook secrets for grain state with AES-256-GCM under <see cref="WebhookOptions.SecretKey"/>, so the
/// state table holds no secret in clear. The webhook's id is authenticated with each one: a sealed secret
/// copied into another webhook's state does not open there. Without a key, secrets stay in clear as before.
/// </summary>
public sealed class WebhookSecrets(byte[]? key)
{
    private const string Prefix = "v1.";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public bool CanSeal => key is not null;

    public string Seal(string webhookId, string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key ?? throw new InvalidOperationException("Webhooks:SecretKey is not set."), TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(webhookId));
        return Prefix + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The secret's bytes; throws <see cref="CryptographicException"/> for another key, webhook or a damaged value.</summary>
    public byte[] Open(string webhookId, string sealedSecret)
    {
        if (key is null) throw new CryptographicException("The secret is sealed, and Webhooks:SecretKey is not set.");
        if (!sealedSecret.StartsWith(Prefix, StringComparison.Ordinal)) throw new CryptographicException("Unknown sealed secret format.");
        var bytes = Convert.FromBase64String(sealedSecret[Prefix.Length..]);
        if (bytes.Length < NonceSize + TagSize) throw new CryptographicException("The sealed secret is too short.");
        var plain = new byte[bytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(bytes.AsSpan(0, NonceSize), bytes.AsSpan(NonceSize + TagSize), bytes.AsSpan(NonceSize, TagSize), plain, Encoding.UTF8.GetBytes(webhookId));
        return plain;
    }

    /// <summary>The key from <see cref="WebhookOptions"/>: base64 of 32 bytes, inline or in a file; <c>null</c> when neither is set.</summary>
    public static byte[]? KeyFrom(WebhookOptions options)
    {
        var text = options.SecretKey;
        if (string.IsNullOrWhiteSpace(text) && !string.IsNullOrWhiteSpace(options.SecretKeyFile)) text = File.ReadAllText(options.SecretKeyFile);
        if (string.IsNullOrWhiteSpace(text)) return null;
        var bytes = new byte[64];
        return Convert.TryFromBase64String(text.Trim(), bytes, out var length) && length == 32 ? bytes[..32] : throw new InvalidOperationException(
            "Webhooks:SecretKey (or the file Webhooks:SecretKeyFile names) must be the base64 of 32 random bytes.");
    }
}
