using System.Security.Cryptography;
using System.Text.Json;

namespace Domains.Grains.Drivers;

/// <summary>
/// The body POSTed to platform automation (camelCase JSON). <c>workspaceVersion</c> is the workspace's
/// version when the command was sent: a command repeated after a crash, or delayed, can arrive after a
/// later one, and automation drops a command whose version is lower than one it has already applied.
/// </summary>
internal sealed record WebhookCommand(
    string Id,
    string Command,
    string WorkspaceId,
    string ResourceKey,
    string UnitId,
    string DomainId,
    IReadOnlyList<string> Datasets,
    DateTimeOffset SentAt,
    long WorkspaceVersion)
{
    public const string Provision = "provision";
    public const string Suspend = "suspend";
    public const string Reinstate = "reinstate";
    public const string Close = "close";
    public const string DeleteData = "delete-data";
    public const string PurgeLogs = "purge-logs";
    public const string UpdateDatasets = "update-datasets";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebhookCommand For(string command, WorkspaceTarget target, DateTimeOffset sentAt) => new(
        IdFor(target.WorkspaceId, command, target.ResourceKey), command, target.WorkspaceId, target.ResourceKey,
        target.UnitId, target.DomainId, target.Datasets, sentAt, target.Version);

    /// <summary>
    /// The same for every repeat of one command on one set of resources, so automation can drop a
    /// repeat the workspace grain sends after a crash. The parts are hashed as a JSON array so that no
    /// choice of separator can make two different triples collide.
    /// </summary>
    public static string IdFor(string workspaceId, string command, string resourceKey)
    {
        var parts = JsonSerializer.SerializeToUtf8Bytes(new[] { workspaceId, command, resourceKey });
        return Convert.ToHexStringLower(SHA256.HashData(parts));
    }
}
