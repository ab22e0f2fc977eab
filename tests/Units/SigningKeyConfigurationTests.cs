using System.Security.Cryptography;
using System.Text;
using Domains.ClientApi;
using Domains.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Domains.Tests.Units;

/// <summary>
/// The API refuses to start on a signing key anyone could guess: the deployment examples' placeholder, a
/// short key, a word in base64. Options validation runs before the Orleans client connects, so no cluster
/// is needed to see the refusal.
/// </summary>
public sealed class SigningKeyConfigurationTests
{
    public static TheoryData<string> WeakKeys() => new()
    {
        "deployment-example", "sixteen-bytes", "pass-phrase", "repeated-byte", "not-base64",
    };

    [Theory]
    [MemberData(nameof(WeakKeys))]
    public async Task Start_WithAWeakSigningKey_StopsWithTheReason(string kind)
    {
        var settings = kind switch
        {
            "deployment-example" => Settings(file: Path.Combine(RepoRoot.Path, "ops/deploy/jwt.key.example")),
            "sixteen-bytes" => Settings(key: Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))),
            "pass-phrase" => Settings(key: Convert.ToBase64String(Encoding.ASCII.GetBytes("our-very-own-secret-signing-key-2026"))),
            "repeated-byte" => Settings(key: Convert.ToBase64String(new byte[48])),
            _ => Settings(key: "not base64 at all, but long enough to be a key"),
        };
        await using var app = DomainsApi.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));
        // Past validation the Orleans client would wait for a cluster that is not there.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(stop.Token));

        Assert.Contains("signing key", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Start_WithThirtyTwoRandomBytes_PassesValidation()
    {
        // The control: a good key gets past validation to the Orleans client, which then finds no cluster.
        var settings = Settings(key: Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        await using var app = DomainsApi.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        var error = await Record.ExceptionAsync(() => app.StartAsync(stop.Token));

        Assert.IsNotType<OptionsValidationException>(error);
    }

    private static Dictionary<string, string?> Settings(string? key = null, string? file = null)
    {
        var settings = TestCertificates.Instance.Settings(TestCertificates.Instance.Api);
        settings["ConnectionStrings:Domains"] = "Host=127.0.0.1;Port=1;Database=none";
        settings["Auth:SigningKey"] = key;
        settings["Auth:SigningKeyFile"] = file;
        return settings;
    }
}
