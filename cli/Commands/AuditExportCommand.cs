using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Domains.Cli.Commands;

/// <summary>
/// <c>domainsctl audit export [--from --to --entity-type] --format ndjson|csv &gt; file</c>: the API's stream copied to
/// standard output as it arrives (a fixed buffer, never the whole log), progress on standard error.
/// </summary>
public sealed class AuditExportCommand : AsyncCommand<AuditExportCommand.Settings>
{
    public sealed class Settings : ApiSettings
    {
        [CommandOption("--from <TIME>")]
        [Description("only events from this instant on")]
        public string? From { get; set; }

        [CommandOption("--to <TIME>")]
        [Description("only events up to this instant")]
        public string? To { get; set; }

        [CommandOption("--entity-type <TYPE>")]
        [Description("only events of this entity type (notice, domain, …)")]
        public string? EntityType { get; set; }

        [CommandOption("--format <FORMAT>")]
        [Description("ndjson or csv")]
        [DefaultValue("ndjson")]
        public string Format { get; set; } = "ndjson";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var format = settings.Format;
        if (format is not ("ndjson" or "csv")) throw CliException.Usage("--format takes ndjson or csv");
        var query = new List<string> { $"format={format}" };
        foreach (var (name, value) in new[] { ("from", settings.From), ("to", settings.To), ("entityType", settings.EntityType) })
        {
            if (value is not null) query.Add($"{name}={Uri.EscapeDataString(value)}");
        }
        var connection = Connection.Resolve(settings);

        using var api = new ApiSession(connection);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/audit/export?" + string.Join('&', query));
        using var response = await api.SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode) throw CliException.Refused((await ApiReply.RefusalAsync(response)).Problem);

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var output = Console.OpenStandardOutput();
        var buffer = new byte[64 * 1024];
        long lines = 0;
        var clock = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            if (clock.Elapsed - last > TimeSpan.FromSeconds(1))
            {
                last = clock.Elapsed;
                Output.Error.MarkupLineInterpolated($"[grey]… {Events(lines, format)} events[/]");
            }
        }
        await output.FlushAsync(cancellationToken);
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"exported {Events(lines, format)} events in {clock.Elapsed.TotalSeconds:0.0} s; peak working set {self.PeakWorkingSet64} bytes"));
        return ExitCodes.Done;
    }

    private static long Events(long lines, string format) => format == "csv" ? Math.Max(0, lines - 1) : lines;
}
