using System.Text;

namespace Domains.GrainInterfaces.Channels;

/// <summary>
/// What <c>PUT /v1/channels/{id}</c> sets: the kind, the notice kinds and recipients it carries, the
/// language of its texts and, for a DingTalk robot, its URL and signing secret (email has no target:
/// addresses come from the recipients).
/// </summary>
[GenerateSerializer, Immutable, Alias("domains.ChannelDefinition")]
public sealed record ChannelDefinition(
    [property: Id(0)] ChannelKind Kind,
    [property: Id(1)] IReadOnlyList<string> Kinds,
    [property: Id(2)] ChannelRecipients Recipients,
    [property: Id(3)] string Language,
    [property: Id(4)] string? RobotUrl,
    [property: Id(5)] string? RobotSecret)
{
    public const string Chinese = "zh-CN";
    public const string English = "en";

    public static readonly IReadOnlyList<string> Languages = [Chinese, English];

    public const int MaximumSecretLength = 512;

    /// <summary>A record prints every member: this one must never print the robot's secret, wherever it is logged.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Kind = {Kind}, Kinds = [{string.Join(", ", Kinds)}], Recipients = {Recipients}, Language = {Language}, RobotUrl = {RobotUrl}, RobotSecret = ***");
        return true;
    }
}
