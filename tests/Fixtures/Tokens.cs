using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Domains.Tests.Fixtures;

/// <summary>Mints bearer tokens the way an identity provider (or <c>ops/token</c>) would.</summary>
public sealed class Tokens(byte[] key, string issuer = "domains", string audience = "domains-api")
{
    public string Issue(string role, string? unit = null, string? subject = null, TimeSpan? lifetime = null,
        string? issuerOverride = null, string? audienceOverride = null, byte[]? keyOverride = null, DateTime? notBefore = null)
    {
        var claims = new List<Claim> { new("sub", subject ?? $"{role}-tester"), new("role", role) };
        if (unit is not null) claims.Add(new Claim("unit", unit));
        var start = notBefore ?? DateTime.UtcNow.AddMinutes(-1);
        var descriptor = new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = issuerOverride ?? issuer,
            Audience = audienceOverride ?? audience,
            IssuedAt = start,
            NotBefore = start,
            Expires = start + (lifetime ?? TimeSpan.FromHours(1)),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(keyOverride ?? key), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>
    /// A compact JWT from raw header and payload JSON, for tokens no well-behaved issuer makes (no
    /// <c>exp</c>, <c>alg: none</c>): HMAC-SHA256 signed with this key, or with no signature at all.
    /// </summary>
    public string Craft(string headerJson, string payloadJson, bool signed = true)
    {
        var unsigned = $"{Base64Url(Encoding.UTF8.GetBytes(headerJson))}.{Base64Url(Encoding.UTF8.GetBytes(payloadJson))}";
        var signature = signed ? Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(unsigned))) : "";
        return $"{unsigned}.{signature}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
