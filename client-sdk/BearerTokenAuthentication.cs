using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Domains.ClientSdk;

/// <summary>Adds <c>Authorization: Bearer</c> to every request when a token is set.</summary>
public sealed class BearerTokenAuthentication(string? token) : IAuthenticationProvider
{
    public Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null,
        CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrEmpty(token)) request.Headers.Add("Authorization", $"Bearer {token}");
        return Task.CompletedTask;
    }
}
