using System.Text.Json.Nodes;
using Spectre.Console;

namespace Domains.Cli.Commands;

/// <summary><c>domainsctl get KIND [filters] [-o table|json]</c>: one page of a list, newest first.</summary>
public static class GetCommand
{
    private static readonly (string Option, string Query)[] Filters =
    [
        ("--state", "state"), ("--unit-id", "unitId"), ("--domain-id", "domainId"), ("--notice-id", "noticeId"),
        ("--authorization-id", "authorizationId"), ("--enforcement", "enforcement"), ("--qualified", "qualified"),
        ("--limit", "limit"), ("--cursor", "cursor"),
    ];

    public static async Task<int> RunAsync(Arguments args)
    {
        var kind = Kind.Parse(args.Word(1, "kind (domainsctl get KIND)"));
        var format = args.Option("-o", "--output") ?? "table";
        if (format is not ("table" or "json")) throw CliException.Usage("-o takes table or json");
        var query = string.Join('&', Filters.Select(f => (f.Query, Value: args.Option(f.Option))).Where(f => f.Value is not null)
            .Select(f => $"{f.Query}={Uri.EscapeDataString(f.Value!)}"));
        var connection = Connection.Resolve(args);
        args.EnsureAllTaken();

        using var api = new ApiSession(connection);
        var page = await api.GetAsync(kind.Path + (query.Length > 0 ? "?" + query : ""));
        var items = page["items"]?.AsArray().OfType<JsonNode>().ToList() ?? [];
        if (format == "json")
        {
            Output.Json(page);
        }
        else
        {
            Output.Table(items);
            if (page["nextCursor"]?.GetValue<string>() is { } next) Output.Error.MarkupLineInterpolated($"[grey]more: --cursor {next}[/]");
        }
        return ExitCodes.Done;
    }
}
