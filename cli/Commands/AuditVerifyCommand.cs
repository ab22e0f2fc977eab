using System.ComponentModel;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Domains.Cli.Commands;

/// <summary><c>domainsctl audit verify [--entity TYPE/ID]</c>: one entity's chain, or every entity the log names.</summary>
public sealed class AuditVerifyCommand : AsyncCommand<AuditVerifyCommand.Settings>
{
    public sealed class Settings : ApiSettings
    {
        [CommandOption("--entity <TYPE/ID>")]
        [Description("the one entity whose chain to verify (else every entity the log names; only broken chains are listed)")]
        public string? Entity { get; set; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var entity = settings.Entity;
        var connection = Connection.Resolve(settings);

        using var api = new ApiSession(connection);
        var entities = new SortedSet<string>(StringComparer.Ordinal);
        if (entity is not null)
        {
            entities.Add(entity);
        }
        else
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/audit/export?format=ndjson");
            using var response = await api.SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if (!response.IsSuccessStatusCode) throw CliException.Refused((await ApiReply.RefusalAsync(response)).Problem);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                using var json = JsonDocument.Parse(line);
                entities.Add(json.RootElement.GetProperty("entity").GetString()!);
            }
        }

        var table = new Table().Border(TableBorder.Simple).AddColumns("ENTITY", "VALID", "EVENTS", "PROBLEM");
        var broken = 0;
        foreach (var name in entities)
        {
            var reply = await api.SendAsync(HttpMethod.Get, $"/v1/audit/verify?entity={Uri.EscapeDataString(name)}");
            if (!reply.IsSuccess) throw CliException.Refused(reply.Problem);
            var valid = reply.Body?["valid"]?.GetValue<bool>() == true;
            if (!valid) broken++;
            if (!valid || entity is not null)
            {
                table.AddRow(Markup.Escape(name), valid ? "[green]yes[/]" : "[red]no[/]", Output.Text(reply.Body, "events"), Markup.Escape(Output.Text(reply.Body, "problem")));
            }
        }
        if (table.Rows.Count > 0) Output.Out.Write(table);
        Output.Out.WriteLine($"{entities.Count - broken} of {entities.Count} chains valid");
        return broken == 0 ? ExitCodes.Done : ExitCodes.Refused;
    }
}
