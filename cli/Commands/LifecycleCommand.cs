using System.Text.Json.Nodes;
using Spectre.Console;

namespace Domains.Cli.Commands;

/// <summary>
/// The lifecycle commands by name: <c>domainsctl suspend authorization ID --reason R [--correction-due P30D]</c>,
/// <c>reinstate</c>, <c>revoke</c>, <c>approve</c>, … — a POST of the verb on the resource with its fields as
/// options (<c>--inspection-ref</c> becomes <c>inspectionRef</c>).
/// </summary>
public static class LifecycleCommand
{
    public static readonly IReadOnlyList<string> Verbs =
    [
        "verify", "approve", "reject", "withdraw", "announce", "file", "activate", "suspend", "reinstate", "terminate", "revoke",
        "publish", "built", "accept", "resume", "retire", "disable", "enable", "request-changes", "list", "delist", "retry-provisioning",
    ];

    private static readonly string[] Fields =
        ["reason", "note", "outcome", "correction-due", "inspection-ref", "filing-ref", "term-start", "term-end"];

    public static async Task<int> RunAsync(Arguments args)
    {
        var verb = args.Word(0, "command");
        var kind = Kind.Parse(args.Word(1, $"kind (domainsctl {verb} KIND ID)"));
        var id = args.Word(2, $"id (domainsctl {verb} KIND ID)");
        var body = new JsonObject();
        foreach (var field in Fields)
        {
            if (args.Option("--" + field) is { } value) body[Camel(field)] = value;
        }
        var ifMatch = args.Option("--if-match");
        var key = args.Option("--idempotency-key");
        var format = args.Option("-o", "--output") ?? "table";
        var connection = Connection.Resolve(args);
        args.EnsureAllTaken();

        using var api = new ApiSession(connection);
        var reply = await api.SendAsync(HttpMethod.Post, $"{kind.Path}/{Uri.EscapeDataString(id)}/{verb}", body, ifMatch, key);
        if (!reply.IsSuccess) throw CliException.Refused(reply.Problem);
        if (format == "json") Output.Json(reply.Body);
        else Output.Out.MarkupLineInterpolated($"{kind.Singular}/{id} [green]{Output.Text(reply.Body, "state")}[/] (version {Output.Text(reply.Body, "version")})");
        return ExitCodes.Done;
    }

    private static string Camel(string kebab)
    {
        var parts = kebab.Split('-');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
