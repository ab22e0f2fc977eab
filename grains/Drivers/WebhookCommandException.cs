namespace Domains.Grains.Drivers;

/// <summary>
/// Automation did not acknowledge a command: it refused it (<see cref="StatusCode"/>), or it could not be
/// reached within the attempt budget (<see cref="StatusCode"/> null). The workspace keeps the command
/// pending and sends it again later.
/// </summary>
public sealed class WebhookCommandException(string command, int? statusCode, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string Command { get; } = command;

    public int? StatusCode { get; } = statusCode;
}
