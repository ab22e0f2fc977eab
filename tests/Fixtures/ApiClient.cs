using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Domains.Tests.Fixtures;

/// <summary>Sends real HTTP requests to the API of the stack, as a given role.</summary>
public sealed class ApiClient(HttpClient http, Tokens tokens)
{
    public ApiClient(StackFixture stack) : this(stack.Http, stack.Tokens)
    {
    }

    public async Task<Reply> SendAsync(HttpMethod method, string path, string? role = null, object? body = null,
        string? unit = null, string? rawBody = null, string? idempotencyKey = null, string? ifMatch = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path);
        var bearer = token ?? (role is null ? null : tokens.Issue(role, unit));
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (rawBody is not null) request.Content = new StringContent(rawBody, Encoding.UTF8, "application/json");
        else if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Reply((int)response.StatusCode, text, response.Headers.ETag?.Tag,
            response.Content.Headers.ContentType?.MediaType, response.Headers.Location?.ToString(),
            response.Headers.RetryAfter?.ToString());
    }

    public Task<Reply> GetAsync(string path, string? role = "authority", string? unit = null) => SendAsync(HttpMethod.Get, path, role, unit: unit);

    public Task<Reply> PostAsync(string path, string? role, object? body = null, string? idempotencyKey = null, string? ifMatch = null, string? unit = null) =>
        SendAsync(HttpMethod.Post, path, role, body ?? new { }, unit, idempotencyKey: idempotencyKey, ifMatch: ifMatch);

    public Task<Reply> PutAsync(string path, string? role, object body, string? ifMatch = null) =>
        SendAsync(HttpMethod.Put, path, role, body, ifMatch: ifMatch);

    /// <summary>Every item of a paged list (<paramref name="path"/> without <c>limit</c> or <c>cursor</c>), page after page.</summary>
    public async Task<List<JsonElement>> ListAllAsync(string path, string? role)
    {
        var items = new List<JsonElement>();
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        string? cursor = null;
        do
        {
            var page = await GetAsync($"{path}{separator}limit=500" + (cursor is null ? "" : $"&cursor={cursor}"), role);
            Assert.Equal(200, page.Status);
            items.AddRange(page.Json.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
            cursor = page.Json.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return items;
    }
}

public sealed record Reply(int Status, string Body, string? ETag, string? ContentType, string? Location, string? RetryAfter)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Code => ContentType == "application/problem+json" && Json.TryGetProperty("code", out var code) ? code.GetString() : null;

    public string? Str(string property) => Json.GetProperty(property).GetString();

    public long Long(string property) => Json.GetProperty(property).GetInt64();
}
