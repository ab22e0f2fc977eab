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
    };

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
            _ => tokens.Issue("unit"),
        };

        var reply = await _api.SendAsync(HttpMethod.Get, $"/v1/domains/{Ids.New("dom")}", token: token);

        Assert.Equal(401, reply.Status);
        Assert.Equal("unauthorized", reply.Code);
        Assert.Equal("application/problem+json", reply.ContentType);
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
