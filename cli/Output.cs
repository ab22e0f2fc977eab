using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Domains.Cli;

/// <summary>Tables for people on standard output, JSON for tools; notes and progress on standard error.</summary>
public static class Output
{
    public static readonly IAnsiConsole Out = Create(Console.Out, Console.IsOutputRedirected);

    public static readonly IAnsiConsole Error = Create(Console.Error, Console.IsErrorRedirected);

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        // Live displays (apply's progress bar) only where a person watches: a terminal, whatever standard input is.
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Yes,
        });
        // A pipe or a CI log has no width: Spectre's 80 columns would wrap a plan's rows and a long line in two,
        // so a redirected stream takes COLUMNS when set, else room for any line.
        if (redirected) console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0 ? columns : 1000;
        return console;
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Json(JsonNode? node) => Console.Out.WriteLine(node?.ToJsonString(Indented) ?? "null");

    public static string Text(JsonNode? node, string field) => node?[field] switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        var other => other.ToJsonString(),
    };

    /// <summary>The field a person recognises an item by: its name, title, URL or unit.</summary>
    public static string Summary(JsonNode? item)
    {
        foreach (var field in new[] { "name", "title", "url", "unitName", "table" })
        {
            var text = Text(item, field);
            if (text.Length > 0) return text;
        }
        return Text(item, "unitId");
    }

    public static void Table(IEnumerable<JsonNode> items)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("ID", "STATE", "VERSION", "UPDATED", "SUMMARY");
        foreach (var item in items)
        {
            table.AddRow(Markup.Escape(Text(item, "id")), Markup.Escape(Text(item, "state")), Markup.Escape(Text(item, "version")),
                Markup.Escape(Text(item, "updatedAt")), Markup.Escape(Summary(item)));
        }
        Out.Write(table);
    }
}
