using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Domains.Grains.Drivers;

/// <summary>
/// Hands each workspace command to platform automation as a signed POST. Automation confirms provisioning,
/// deletion and log purge later through the callbacks of API.md; access changes are done once it answers 2xx.
/// Retries (transient failures, within <see cref="WebhookDriverOptions.AttemptBudget"/>) live in the
/// resilience handler of the named client, see <see cref="WebhookDriverServiceCollectionExtensions"/>.
/// </summary>
public sealed class WebhookWorkspaceDriver : IWorkspaceDriver
{
    public const string HttpClientName = "Domains.WorkspaceWebhook";
    public const string CommandIdHeader = "X-Domains-Command-Id";
    public const int MinimumSecretLength = 16;

    private readonly IHttpClientFactory _httpClients;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookWorkspaceDriver> _logger;
    private readonly Uri _url;
    private readonly byte[] _key;
    private readonly TimeSpan _budget;

    public WebhookWorkspaceDriver(
        IHttpClientFactory httpClients, IOptions<WorkspaceOptions> options, TimeProvider time, ILogger<WebhookWorkspaceDriver> logger)
    {
        var webhook = options.Value.Webhook;
        _url = ValidUrl(webhook.Url);
        _key = ValidKey(webhook.Secret);
        _budget = webhook.AttemptBudget;
        _httpClients = httpClients;
        _time = time;
        _logger = logger;
    }

    public string Name => "webhook";

    public async Task<string?> ProvisionAsync(WorkspaceTarget target)
    {
        await SendAsync(WebhookCommand.Provision, target);
        return null;
    }

    public Task SuspendAsync(WorkspaceTarget target) => SendAsync(WebhookCommand.Suspend, target);

    public Task ReinstateAsync(WorkspaceTarget target) => SendAsync(WebhookCommand.Reinstate, target);

    public Task CloseAsync(WorkspaceTarget target) => SendAsync(WebhookCommand.Close, target);

    public async Task<DeletionCertificate?> DeleteDataAsync(WorkspaceTarget target)
    {
        await SendAsync(WebhookCommand.DeleteData, target);
        return null;
    }

    public async Task<bool> PurgeLogsAsync(WorkspaceTarget target)
    {
        await SendAsync(WebhookCommand.PurgeLogs, target);
        return false;
    }

    public async Task SetDomainAccessAsync(string domainId, bool open, IReadOnlyList<WorkspaceTarget> workspaces)
    {
        foreach (var target in workspaces) await SendAsync(open ? WebhookCommand.Reinstate : WebhookCommand.Suspend, target);
    }

    public Task UpdateDatasetsAsync(WorkspaceTarget target) => SendAsync(WebhookCommand.UpdateDatasets, target);

    /// <summary>Automation gives the unit its credentials itself: the controller never handles them.</summary>
    public Task<string?> SetPasswordAsync(WorkspaceTarget target) => Task.FromResult<string?>(null);

    private async Task SendAsync(string command, WorkspaceTarget target)
    {
        // Real time, not the business clock: automation may use sentAt to refuse stale or replayed
        // requests, which only works against its own wall clock.
        var sentAt = _time.GetUtcNow();
        var payload = WebhookCommand.For(command, target, sentAt);
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, WebhookCommand.Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = Encoding.UTF8.WebName };
        request.Headers.Add(CommandIdHeader, payload.Id);
        WebhookSignature.AddTo(request, _key, body, sentAt);

        using var client = _httpClients.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        }
        catch (Exception e) when (e is TimeoutRejectedException or HttpRequestException)
        {
            _logger.LogWarning(e, "Webhook {Command} {CommandId} of workspace {WorkspaceId} not acknowledged within {Budget}",
                command, payload.Id, target.WorkspaceId, _budget);
            throw new WebhookCommandException(command, null,
                $"webhook command {command} of workspace {target.WorkspaceId} was not acknowledged within {_budget}", e);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                _logger.LogInformation("Webhook {Command} {CommandId} of workspace {WorkspaceId} acknowledged with {Status}",
                    command, payload.Id, target.WorkspaceId, status);
                return;
            }
            _logger.LogWarning("Webhook {Command} {CommandId} of workspace {WorkspaceId} refused with {Status}",
                command, payload.Id, target.WorkspaceId, status);
            throw new WebhookCommandException(command, status,
                $"webhook command {command} of workspace {target.WorkspaceId} was refused with status {status} ({response.ReasonPhrase})");
        }
    }

    private static Uri ValidUrl(string? url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }
        throw new InvalidOperationException(
            $"{WorkspaceOptions.Section}:Webhook:Url must be an absolute http or https URL for the webhook workspace driver");
    }

    private static byte[] ValidKey(string? secret)
    {
        // The message names the rule only: the secret itself, even a short one, never reaches a log.
        if (string.IsNullOrWhiteSpace(secret) || secret.Length < MinimumSecretLength)
        {
            throw new InvalidOperationException(
                $"{WorkspaceOptions.Section}:Webhook:Secret must have at least {MinimumSecretLength} characters for the webhook workspace driver");
        }
        return Encoding.UTF8.GetBytes(secret);
    }
}
