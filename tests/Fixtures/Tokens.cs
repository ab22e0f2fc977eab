using System.Security.Claims;
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
}
