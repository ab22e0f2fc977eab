using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Domains.Cli.Commands;

/// <summary><c>domainsctl describe KIND ID</c>: the resource, its pending deadlines and its last audit events.</summary>
public sealed class DescribeCommand : AsyncCommand<ResourceSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ResourceSettings settings, CancellationToken cancellationToken)
    {
        var kind = Kind.Parse(settings.Kind);
        var id = settings.Id;
        var format = settings.Output;
        var connection = Connection.Resolve(settings);

        using var api = new ApiSession(connection);
        var resource = await api.GetAsync($"{kind.Path}/{Uri.EscapeDataString(id)}");
        var entity = $"{kind.Singular}/{id}";
        var audit = await api.SendAsync(HttpMethod.Get, $"/v1/audit?entity={Uri.EscapeDataString(entity)}&limit=500");
        var events = audit.IsSuccess ? audit.Body?["items"]?.AsArray().OfType<JsonNode>().TakeLast(10).ToList() ?? [] : [];
        var deadlines = new List<JsonNode>();
        var due = await api.SendAsync(HttpMethod.Get, $"/v1/deadlines?before={Uri.EscapeDataString("2999-12-31T00:00:00Z")}&limit=500");
        if (due.IsSuccess) deadlines.AddRange(due.Body?["items"]?.AsArray().OfType<JsonNode>().Where(d => Output.Text(d, "entity") == entity) ?? []);

        if (format == "json")
        {
            Output.Json(new JsonObject
            {
                ["resource"] = resource.DeepClone(),
                ["deadlines"] = new JsonArray(deadlines.Select(d => d.DeepClone()).ToArray()),
                ["audit"] = new JsonArray(events.Select(e => e.DeepClone()).ToArray()),
            });
            return ExitCodes.Done;
        }
        Output.Json(resource);
        var deadlineTable = new Table().Border(TableBorder.Simple).Title("deadlines").AddColumns("KIND", "DUE");
        foreach (var d in deadlines) deadlineTable.AddRow(Markup.Escape(Output.Text(d, "kind")), Markup.Escape(Output.Text(d, "dueAt")));
        Output.Out.Write(deadlineTable);
        var auditTable = new Table().Border(TableBorder.Simple).Title(audit.IsSuccess ? "last audit events" : $"audit: {audit.Problem}")
            .AddColumns("SEQ", "AT", "ACTOR", "ROLE", "ACTION", "FROM", "TO", "REASON");
        foreach (var e in events)
        {
            auditTable.AddRow(new[] { "seq", "at", "actor", "role", "action", "fromState", "toState", "reason" }.Select(f => Markup.Escape(Output.Text(e, f))).ToArray());
        }
        Output.Out.Write(auditTable);
        return ExitCodes.Done;
    }
}
