using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Domains.ClientApi.Auth;

/// <summary>
/// Validates a bearer token once and remembers the result until the token expires: automation sends the
/// same token with every access decision, and validating it each time (decode, HMAC, claims) cost more CPU
/// than the rest of the authentication. Only an exact token string that passed every check is remembered,
/// so a forged or altered token never matches; validation parameters are fixed for the life of the API.
/// </summary>
internal sealed class RememberingTokenHandler(TimeProvider clock) : JsonWebTokenHandler
{
    /// <summary>A bound on memory; past it the remembered tokens are forgotten and validated again.</summary>
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, TokenValidationResult> _valid = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        // Until exp itself, without the clock skew validation allows: never later than the first check would.
        if (_valid.TryGetValue(token, out var known) && known.SecurityToken.ValidTo > clock.GetUtcNow().UtcDateTime) return known;

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (!result.IsValid) return result;
        // Built now, once, rather than lazily by whichever request reads it first.
        _ = result.ClaimsIdentity;
        if (_valid.Count >= Capacity) _valid.Clear();
        _valid[token] = result;
        return result;
    }
}
