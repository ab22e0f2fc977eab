namespace Domains.ClientSdk;

/// <summary>
/// Gives every POST an <c>Idempotency-Key</c> (unless the caller set one) before any retry, so a retried
/// command reaches the API with the same key and is answered with its first outcome, never applied twice.
/// </summary>
public sealed class IdempotencyKeyHandler : DelegatingHandler
{
    public const string Header = "Idempotency-Key";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post && !request.Headers.Contains(Header))
        {
            request.Headers.TryAddWithoutValidation(Header, Guid.NewGuid().ToString("N"));
        }
        return base.SendAsync(request, cancellationToken);
    }
}
