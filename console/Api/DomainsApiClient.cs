using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Domains.WebConsole.Accounts;

namespace Domains.WebConsole.Api;

/// <summary>Calls the HTTP API as the signed-in person, with a token minted for them and each command's Idempotency-Key and If-Match.</summary>
public sealed class DomainsApiClient(HttpClient http, TokenMinter tokens, ILogger<DomainsApiClient> logger)
{
    public const string ApiUnreachable = "api-unreachable";

    public Task<ApiResult> GetAsync(Person person, string path, CancellationToken cancellationToken = default) =>
        SendAsync(person, HttpMethod.Get, path, null, null, null, cancellationToken);

    public Task<ApiResult> PostAsync(Person person, string path, object body, string idempotencyKey, string? ifMatch,
        CancellationToken cancellationToken = default) =>
        SendAsync(person, HttpMethod.Post, path, body, idempotencyKey, ifMatch, cancellationToken);

    public Task<ApiResult> PutAsync(Person person, string path, object body, string? ifMatch, CancellationToken cancellationToken = default) =>
        SendAsync(person, HttpMethod.Put, path, body, null, ifMatch, cancellationToken);

    /// <summary>A streamed GET (the audit export), or null with the problem.</summary>
    public async Task<(HttpResponseMessage? Response, ApiResult? Problem)> StreamAsync(Person person, string path, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Mint(person));
        try
        {
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.IsSuccessStatusCode) return (response, null);
            using (response) return (null, await ReadAsync(response, cancellationToken));
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("The API did not answer {Method} {Path}: {Error}", "GET", path, ex.Message);
            return (null, ApiResult.Unavailable(ApiUnreachable));
        }
    }

    private async Task<ApiResult> SendAsync(Person person, HttpMethod method, string path, object? body, string? idempotencyKey,
        string? ifMatch, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Mint(person));
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", $"\"{ifMatch}\"");
        if (body is not null) request.Content = JsonContent.Create(body);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return await ReadAsync(response, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("The API did not answer {Method} {Path}: {Error}", method, path, ex.Message);
            return ApiResult.Unavailable(ApiUnreachable);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ApiResult.Unavailable(ApiUnreachable);
        }
    }

    private static async Task<ApiResult> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonElement body;
        try
        {
            body = string.IsNullOrWhiteSpace(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            body = default;
        }
        return new ApiResult(response.StatusCode, body, response.Headers.ETag?.Tag);
    }
}
