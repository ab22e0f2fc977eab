using System.Security.Claims;
using Domains.WebConsole.Accounts;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Domains.WebConsole.Api;

/// <summary>
/// A short-lived bearer token for one person's calls (<c>sub</c> = the person, their <c>role</c> and
/// <c>unit</c>), so the API checks that person's rights and its audit names them.
/// </summary>
public sealed class TokenMinter
{
    private readonly SigningCredentials _credentials;
    private readonly ApiTokenOptions _token;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _clock;
    private readonly JsonWebTokenHandler _handler = new();

    public TokenMinter(IOptions<ApiTokenOptions> token, IOptions<ConsoleOptions> console, TimeProvider clock)
    {
        _token = token.Value;
        _credentials = new SigningCredentials(new SymmetricSecurityKey(_token.ResolveKey()), SecurityAlgorithms.HmacSha256);
        _lifetime = console.Value.TokenLifetime;
        _clock = clock;
    }

    public string Mint(Person person)
    {
        var claims = new List<Claim> { new("sub", person.Name), new("role", person.Role) };
        if (person.Unit is not null) claims.Add(new Claim("unit", person.Unit));
        var now = _clock.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = _token.Issuer,
            Audience = _token.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + _lifetime,
            SigningCredentials = _credentials,
        });
    }
}
