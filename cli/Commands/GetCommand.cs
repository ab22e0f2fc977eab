using System.ComponentModel;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Domains.Cli.Commands;

/// <summary><c>domainsctl get KIND [filters] [-o table|json]</c>: one page of a list, newest first.</summary>
public sealed class GetCommand : AsyncCommand<GetCommand.Settings>
{
    public sealed class Settings : ApiSettings
    {
        [CommandArgument(0, "<KIND>")]
        [Description(Domains.Cli.Kind.Names)]
        public string Kind { get; set; } = "";

        [CommandOption("--state <STATE>")]
        [Description("only resources in this state")]
        public string? State { get; set; }

        [CommandOption("--unit-id <UNIT>")]
        [Description("only resources of this operating unit")]
        public string? UnitId { get; set; }

        [CommandOption("--domain-id <DOMAIN>")]
        [Description("only resources of this operation domain")]
        public string? DomainId { get; set; }

        [CommandOption("--notice-id <NOTICE>")]
        [Description("only resources answering this notice")]
        public string? NoticeId { get; set; }

        [CommandOption("--authorization-id <AUTHORIZATION>")]
        [Description("only resources under this authorization")]
        public string? AuthorizationId { get; set; }

        [CommandOption("--enforcement <ENFORCEMENT>")]
        [Description("only resources with this enforcement")]
        public string? Enforcement { get; set; }

        [CommandOption("--qualified <true|false>")]
        [Description("only qualified (true) or unqualified (false) operating units")]
        public string? Qualified { get; set; }

        [CommandOption("--limit <N>")]
        [Description("the page size")]
        public string? Limit { get; set; }

        [CommandOption("--cursor <CURSOR>")]
        [Description("the page after this cursor (printed on standard error as 'more: --cursor C')")]
        public string? Cursor { get; set; }

        [CommandOption("-o|--output <FORMAT>")]
        [Description("table or json")]
        [DefaultValue("table")]
        public string Output { get; set; } = "table";

        /// <summary>The filters given, as the list's query parameters.</summary>
        public IEnumerable<(string Name, string Value)> Query()
        {
            (string Name, string? Value)[] filters =
            [
                ("state", State), ("unitId", UnitId), ("domainId", DomainId), ("noticeId", NoticeId), ("authorizationId", AuthorizationId),
                ("enforcement", Enforcement), ("qualified", Qualified), ("limit", Limit), ("cursor", Cursor),
            ];
            return filters.Where(f => f.Value is not null).Select(f => (f.Name, f.Value!));
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var kind = Kind.Parse(settings.Kind);
        if (settings.Output is not ("table" or "json")) throw CliException.Usage("-o takes table or json");
        var query = string.Join('&', settings.Query().Select(f => $"{f.Name}={Uri.EscapeDataString(f.Value)}"));
        var connection = Connection.Resolve(settings);

        using var api = new ApiSession(connection);
        var page = await api.GetAsync(kind.Path + (query.Length > 0 ? "?" + query : ""));
        var items = page["items"]?.AsArray().OfType<JsonNode>().ToList() ?? [];
        if (settings.Output == "json")
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
