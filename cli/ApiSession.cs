using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Domains.ClientSdk;

namespace Domains.Cli;

/// <summary>One JSON answer of the API: its status, body and ETag.</summary>
public sealed record ApiReply(int Status, JsonNode? Body, string? ETag)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>The problem's <c>code: detail</c>, as the CLI prints a refusal.</summary>
    public string Problem =>
        Body is JsonObject problem
            ? $"{problem["code"]?.GetValue<string>() ?? Status.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {problem["detail"]?.GetValue<string>() ?? problem["title"]?.GetValue<string>()}"
            + (problem["errors"] is JsonObject errors ? " " + errors.ToJsonString() : "")
            : $"HTTP {Status}";

    /// <summary>The refusal of a streamed request, whose body was not read as JSON.</summary>
    public static async Task<ApiReply> RefusalAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return new ApiReply((int)response.StatusCode, JsonNode.Parse(text), null);
        }
        catch (System.Text.Json.JsonException)
        {
            return new ApiReply((int)response.StatusCode, null, null);
        }
    }
}

/// <summary>
/// Calls the API through the client SDK's pipeline (<see cref="DomainsClient"/>: Idempotency-Key on every POST,
/// retries of 503/429). An unreachable API or a refusal becomes one line and exit code 1.
/// </summary>
public sealed class ApiSession(Connection connection) : IDisposable
{
    private readonly DomainsClient _client = new(new DomainsClientOptions { BaseUrl = connection.Url, Token = connection.Token });

    public Uri Url => connection.Url;

    public DomainsClient Client => _client;

    public async Task<ApiReply> SendAsync(HttpMethod method, string path, JsonNode? body = null, string? ifMatch = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (idempotencyKey is not null) request.Headers.TryAddWithoutValidation(IdempotencyKeyHandler.Header, idempotencyKey);
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType is { } type && type.Contains("json", StringComparison.Ordinal))
        {
            json = JsonNode.Parse(text);
        }
        return new ApiReply((int)response.StatusCode, json, response.Headers.ETag?.ToString());
    }

    /// <summary>A GET that must succeed: its body, or the refusal as a <see cref="CliException"/>.</summary>
    public async Task<JsonNode> GetAsync(string path)
    {
        var reply = await SendAsync(HttpMethod.Get, path);
        if (!reply.IsSuccess) throw CliException.Refused(reply.Problem);
        return reply.Body ?? new JsonObject();
    }

    /// <summary>Every item of a paged list, page after page.</summary>
    public async IAsyncEnumerable<JsonNode> ListAsync(string path)
    {
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        string? cursor = null;
        do
        {
            var page = await GetAsync($"{path}{separator}limit=500" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            foreach (var item in page["items"]?.AsArray() ?? []) yield return item!;
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
    }

    public async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, HttpCompletionOption completion)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            var response = await _client.Http.SendAsync(request, completion);
            if (response.StatusCode == HttpStatusCode.Unauthorized) throw CliException.Refused("unauthorized: the token was refused (expired, or of another instance); run domainsctl login");
            return response;
        }
        catch (HttpRequestException e)
        {
            throw CliException.Refused($"cannot reach the API at {connection.Url}: {e.Message}");
        }
    }

    public void Dispose() => _client.Dispose();
}
