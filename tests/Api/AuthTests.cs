using System.Security.Cryptography;
using Domains.Tests.Fixtures;

namespace Domains.Tests.Api;

[Collection(StackCollection.Name)]
public sealed class AuthTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);

    public static TheoryData<string> BadTokens() => new()
    {
        "none", "garbage", "wrong-signature", "expired", "wrong-audience", "wrong-issuer", "unknown-role", "unit-without-uscc",
        "not-yet-valid", "without-expiry", "alg-none", "two-roles", "two-units", "two-subjects",
    };

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>A signed token of these identity claims (an opened JSON object) and valid registered ones.</summary>
    private string Crafted(string identity) =>
        stack.Tokens.Craft("""{"alg":"HS256","typ":"JWT"}""",
            $$"""{{identity}}"iss":"domains","aud":"domains-api","iat":{{Now - 60}},"nbf":{{Now - 60}},"exp":{{Now + 3600}}}""");

    /// <summary>Every claim a token needs, valid for the next hour; tests drop or spoil one of them.</summary>
    private static string Payload(bool withExpiry = true)
    {
        var expiry = withExpiry ? $",\"exp\":{Now + 3600}" : "";
        return $$"""{"sub":"authority-tester","role":"authority","iss":"domains","aud":"domains-api","iat":{{Now - 60}},"nbf":{{Now - 60}}{{expiry}}}""";
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task RequestWithoutAValidToken_Is401Unauthorized(string kind)
    {
        var tokens = stack.Tokens;
        var token = kind switch
        {
            "none" => null,
            "garbage" => "not-a-jwt",
            "wrong-signature" => tokens.Issue("authority", keyOverride: RandomNumberGenerator.GetBytes(32)),
            "expired" => tokens.Issue("authority", notBefore: DateTime.UtcNow.AddHours(-3), lifetime: TimeSpan.FromHours(1)),
            "wrong-audience" => tokens.Issue("authority", audienceOverride: "someone-else"),
            "wrong-issuer" => tokens.Issue("authority", issuerOverride: "someone-else"),
            "unknown-role" => tokens.Issue("janitor"),
            "unit-without-uscc" => tokens.Issue("unit"),
            // Beyond the 30 s clock skew: a token minted for later is not valid yet.
            "not-yet-valid" => tokens.Issue("authority", notBefore: DateTime.UtcNow.AddMinutes(10)),
            "without-expiry" => tokens.Craft("""{"alg":"HS256","typ":"JWT"}""", Payload(withExpiry: false)),
            // The policy admits any role a token holds; the grains act on the first: one of each, or none.
            "two-roles" => Crafted("""{"sub":"authority-tester","role":["unit","authority"],"unit":"91110000000000000X","""),
            "two-units" => Crafted("""{"sub":"unit-tester","role":"unit","unit":["91110000000000000X","91310000000000000Y"],"""),
            "two-subjects" => Crafted("""{"sub":["authority-tester","someone-else"],"role":"authority","""),
            _ => tokens.Craft("""{"alg":"none","typ":"JWT"}""", Payload(), signed: false),
        };

        var reply = await _api.SendAsync(HttpMethod.Get, $"/v1/domains/{Ids.New("dom")}", token: token);

        Assert.Equal(401, reply.Status);
        Assert.Equal("unauthorized", reply.Code);
        Assert.Equal("application/problem+json", reply.ContentType);
    }

    [Fact]
    public async Task CraftedToken_WithEveryClaimAndItsSignature_IsAccepted()
    {
        // The control of the crafted cases above: they fail for the one thing they spoil, not for the crafting.
        var token = stack.Tokens.Craft("""{"alg":"HS256","typ":"JWT"}""", Payload());

        var reply = await _api.SendAsync(HttpMethod.Get, $"/v1/domains/{Ids.New("dom")}", token: token);

        Assert.Equal(404, reply.Status);
        Assert.Equal("not-found", reply.Code);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/openapi/v1.json")]
    public async Task OperationsRoutes_AnswerWithoutAToken(string path)
    {
        var reply = await _api.GetAsync(path, role: null);

        Assert.Equal(200, reply.Status);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheDomainRoutes()
    {
        var reply = await _api.GetAsync("/openapi/v1.json", role: null);

        var paths = reply.Json.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/v1/domains/{id}", out _));
        Assert.True(paths.TryGetProperty("/v1/domains/{id}/accept", out _));
        Assert.True(paths.TryGetProperty("/v1/audit", out _));
        var put = paths.GetProperty("/v1/domains/{id}").GetProperty("put");
        Assert.True(put.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
    }
}
