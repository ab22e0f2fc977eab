using System.Security.Cryptography;
using System.Text;
using Domains.Grains.Webhooks;

namespace Domains.Tests.Units;

/// <summary>Webhook secrets sealed for grain state open only with their key and for their webhook.</summary>
public sealed class WebhookSecretsTests
{
    private const string Secret = "a-webhook-secret-0123456789";

    [Fact]
    public void Sealed_OpensWithItsKeyForItsWebhook_AndHoldsNoClearText()
    {
        var secrets = new WebhookSecrets(RandomNumberGenerator.GetBytes(32));

        var sealedSecret = secrets.Seal("hook-1", Secret);

        Assert.DoesNotContain(Secret, sealedSecret);
        Assert.NotEqual(sealedSecret, secrets.Seal("hook-1", Secret));
        Assert.Equal(Encoding.UTF8.GetBytes(Secret), secrets.Open("hook-1", sealedSecret));
    }

    [Fact]
    public void Sealed_DoesNotOpen_ForAnotherWebhook_WithAnotherKey_OrWithoutOne()
    {
        var sealedSecret = new WebhookSecrets(RandomNumberGenerator.GetBytes(32)).Seal("hook-1", Secret);

        Assert.ThrowsAny<CryptographicException>(() => new WebhookSecrets(RandomNumberGenerator.GetBytes(32)).Open("hook-1", sealedSecret));
        Assert.ThrowsAny<CryptographicException>(() => new WebhookSecrets(null).Open("hook-1", sealedSecret));
    }

    [Fact]
    public void Sealed_CopiedToAnotherWebhook_DoesNotOpen()
    {
        var secrets = new WebhookSecrets(RandomNumberGenerator.GetBytes(32));

        var sealedSecret = secrets.Seal("hook-1", Secret);

        Assert.ThrowsAny<CryptographicException>(() => secrets.Open("hook-2", sealedSecret));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("c2hvcnQ=", false)]
    [InlineData("not base64!", false)]
    public void Key_IsUnsetOrThirtyTwoBytes(string? key, bool accepted)
    {
        var options = new WebhookOptions { SecretKey = key };

        var read = Record.Exception(() => WebhookSecrets.KeyFrom(options));

        Assert.Equal(accepted, read is null);
    }

    [Fact]
    public void Key_OfThirtyTwoBytes_IsRead()
    {
        var key = RandomNumberGenerator.GetBytes(32);

        Assert.Equal(key, WebhookSecrets.KeyFrom(new WebhookOptions { SecretKey = Convert.ToBase64String(key) }));
    }
}
