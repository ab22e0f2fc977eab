using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Domains.Cli.Commands;

/// <summary>
/// <c>domainsctl audit export [--from --to --entity-type] --format ndjson|csv &gt; file</c>: the API's stream copied to
/// standard output as it arrives (a fixed buffer, never the whole log), progress on standard error;
/// <c>domainsctl audit verify [--entity TYPE/ID]</c>: one entity's chain, or every entity the log names.
/// </summary>
public static class AuditCommand
{
    public static Task<int> RunAsync(Arguments args) => args.Word(1, "audit command (export or verify)") switch
    {
        "export" => ExportAsync(args),
        "verify" => VerifyAsync(args),
        var other => throw CliException.Usage($"unknown audit command '{other}' (export or verify)"),
    };

    private static async Task<int> ExportAsync(Arguments args)
    {
        var format = args.Option("--format") ?? "ndjson";
        if (format is not ("ndjson" or "csv")) throw CliException.Usage("--format takes ndjson or csv");
        var query = new List<string> { $"format={format}" };
        foreach (var (option, name) in new[] { ("--from", "from"), ("--to", "to"), ("--entity-type", "entityType") })
        {
            if (args.Option(option) is { } value) query.Add($"{name}={Uri.EscapeDataString(value)}");
        }
        var connection = Connection.Resolve(args);
        args.EnsureAllTaken();

        using var api = new ApiSession(connection);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/audit/export?" + string.Join('&', query));
        using var response = await api.SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadAsStringAsync();
            throw CliException.Refused(new ApiReply((int)response.StatusCode, TryParse(problem), null).Problem);
        }

        await using var body = await response.Content.ReadAsStreamAsync();
        await using var output = Console.OpenStandardOutput();
        var buffer = new byte[64 * 1024];
        long lines = 0;
        var clock = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, read));
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            if (clock.Elapsed - last > TimeSpan.FromSeconds(1))
            {
                last = clock.Elapsed;
                Output.Error.MarkupLineInterpolated($"[grey]… {Events(lines, format)} events[/]");
            }
        }
        await output.FlushAsync();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"exported {Events(lines, format)} events in {clock.Elapsed.TotalSeconds:0.0} s; peak working set {self.PeakWorkingSet64} bytes"));
        return ExitCodes.Done;
    }

    private static long Events(long lines, string format) => format == "csv" ? Math.Max(0, lines - 1) : lines;

    private static async Task<int> VerifyAsync(Arguments args)
    {
        var entity = args.Option("--entity");
        var connection = Connection.Resolve(args);
        args.EnsureAllTaken();

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
            if (!response.IsSuccessStatusCode) throw CliException.Refused(new ApiReply((int)response.StatusCode, TryParse(await response.Content.ReadAsStringAsync()), null).Problem);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line)
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

    private static System.Text.Json.Nodes.JsonNode? TryParse(string text)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
