using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Domains.Cli;

/// <summary>Tables for people on standard output, JSON for tools; notes and progress on standard error.</summary>
public static class Output
{
    public static readonly IAnsiConsole Out = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });

    public static readonly IAnsiConsole Error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

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
