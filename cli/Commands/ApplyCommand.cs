using System.ComponentModel;
using System.Text.Json.Nodes;
using Domains.Cli.Manifests;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Domains.Cli.Commands;

/// <summary>
/// <c>domainsctl apply -f FILE [--dry-run] [--confirm] [--force-secrets] [--prune KINDS [--prune-prefix P]]</c>: reads
/// what exists, prints the plan (create / update with the differing fields / unchanged) on standard output, then
/// applies it, each write with <c>If-Match</c> of the version read, so a resource changed since is refused
/// (<c>412 version-mismatch</c>) rather than overwritten. Writes go in the order of the kinds (domains, units,
/// datasets, notices, webhooks, channels; the file's order within a kind), so a domain exists before its
/// datasets and notices. Every document is checked against the schema first, so a file with an error applies
/// nothing. A refusal stops the apply with the problem and the steps already applied; applies are idempotent,
/// so a rerun continues. Nothing is ended unless <c>--prune</c> names its kind. Progress goes to standard error.
/// </summary>
public sealed class ApplyCommand : AsyncCommand<ApplyCommand.Settings>
{
    public sealed class Settings : ApiSettings
    {
        [CommandOption("-f|--file <FILE>")]
        [Description("the YAML file of documents (kinds Domain Unit Dataset Notice Webhook Channel; domainsctl schema is their JSON Schema)")]
        public string? File { get; set; }

        [CommandOption("--dry-run")]
        [Description("print the plan and apply nothing")]
        public bool DryRun { get; set; }

        [CommandOption("--confirm")]
        [Description("after the plan, ask on standard error and read the answer on standard input: only 'yes' applies")]
        public bool Confirm { get; set; }

        [CommandOption("--force-secrets")]
        [Description("write secrets (never compared, so never planned otherwise) again")]
        public bool ForceSecrets { get; set; }

        [CommandOption("--prune <KIND[,KIND]>")]
        [Description("end the resources of these kinds the file does not name: Domain (retire), Notice (withdraw), Webhook (disable)")]
        public string? Prune { get; set; }

        [CommandOption("--prune-prefix <PREFIX>")]
        [Description("prune only ids that start with this prefix")]
        public string? PrunePrefix { get; set; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(settings.File)) throw CliException.Usage("apply needs -f FILE");
        var file = settings.File;
        var prune = (settings.Prune ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(ResourceKind.Get).ToList();
        var prefix = settings.PrunePrefix ?? "";
        if (prune.FirstOrDefault(k => k.PruneCommand is null) is { } unprunable)
        {
            throw CliException.Usage($"{unprunable.Name} cannot be pruned: {unprunable.Unprunable}");
        }
        var connection = Connection.Resolve(settings);

        var documents = Read(file);
        using var api = new ApiSession(connection);
        var plan = await PlanAsync(api, documents, prune, prefix, settings.ForceSecrets);
        Print(plan);
        var changes = plan.Count(s => s.Changes);
        if (changes == 0)
        {
            Output.Out.WriteLine("no change: the system already matches the file");
            return ExitCodes.Done;
        }
        if (settings.DryRun)
        {
            Output.Out.WriteLine($"dry run: {changes} change(s) planned, nothing applied");
            return ExitCodes.Done;
        }
        if (settings.Confirm && !Confirmed(changes))
        {
            Output.Out.WriteLine("not confirmed: nothing applied");
            return ExitCodes.Done;
        }
        return await ApplyAsync(api, plan);
    }

    private static IReadOnlyList<ManifestDocument> Read(string file)
    {
        if (!File.Exists(file)) throw CliException.Usage($"{file}: no such file");
        using var reader = new StreamReader(file);
        var documents = YamlReader.Read(file, reader);
        if (documents.Count == 0) throw CliException.Usage($"{file}: no document");
        foreach (var document in documents)
        {
            if (ManifestSchema.Violation(document) is { } violation) throw CliException.Usage($"{file}: {violation}");
        }
        var twice = documents.GroupBy(d => (d.Kind, Key: ResourceKind.Get(d.Kind).Key(d))).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw CliException.Usage($"{file}: {twice.Key.Kind} {twice.Key.Key} is described twice ({string.Join(", ", twice.Select(d => d.Name))})");
        // OrderBy is stable: the file's order stays within a kind.
        return documents.OrderBy(d => ResourceKind.Get(d.Kind).Rank).ToList();
    }

    private static async Task<List<PlanStep>> PlanAsync(
        ApiSession api, IReadOnlyList<ManifestDocument> documents, IReadOnlyList<ResourceKind> prune, string prefix, bool forceSecrets)
    {
        var plan = new List<PlanStep>();
        foreach (var document in documents)
        {
            var kind = ResourceKind.Get(document.Kind);
            var (key, path) = (kind.Key(document), kind.PathOf(document));
            var current = await api.SendAsync(HttpMethod.Get, path);
            if (current.Status == 404)
            {
                plan.Add(new PlanStep("create", kind, key, path, [.. document.Spec.Select(p => p.Key)], document, null));
                if (document.Content["state"]?.GetValue<string>() == "published") plan.Add(new PlanStep("publish", kind, key, path, [], document, null));
                continue;
            }
            if (!current.IsSuccess) throw CliException.Refused($"{document.Name}: reading it: {current.Problem}");
            var differing = JsonCompare.Differing(document.Spec, current.Body!, kind.WriteOnly, kind.ShownOnly);
            // Write-only fields (secrets) cannot be compared; --force-secrets writes them again.
            if (forceSecrets) differing = [.. differing.Union(JsonCompare.Holding(document.Spec, kind.WriteOnly))];
            plan.Add(new PlanStep(differing.Count > 0 ? "update" : "unchanged", kind, key, path, differing, document, current.ETag));
            if (document.Content["state"]?.GetValue<string>() == "published" && Output.Text(current.Body, "state") == "draft")
            {
                plan.Add(new PlanStep("publish", kind, key, path, [], document, current.ETag));
            }
        }
        foreach (var kind in prune)
        {
            var named = documents.Where(d => d.Kind == kind.Name).Select(kind.Key).ToHashSet(StringComparer.Ordinal);
            await foreach (var item in api.ListAsync(kind.Path))
            {
                var id = Output.Text(item, "id");
                if (!id.StartsWith(prefix, StringComparison.Ordinal) || named.Contains(id) || kind.Ended.Contains(Output.Text(item, "state"))) continue;
                plan.Add(new PlanStep("prune", kind, id, $"{kind.Path}/{Uri.EscapeDataString(id)}", [], null, $"\"{Output.Text(item, "version")}\"", kind.PruneCommand));
            }
        }
        return plan;
    }

    private static void Print(IReadOnlyList<PlanStep> plan)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("ACTION", "KIND", "ID", "FIELDS");
        foreach (var step in plan)
        {
            var colour = step.Action switch { "create" => "green", "update" => "yellow", "prune" => "red", "publish" => "blue", _ => "grey" };
            var fields = step.Action == "prune" ? step.Command! : string.Join(", ", step.Fields);
            table.AddRow($"[{colour}]{step.Action}[/]", step.Kind.Name, Markup.Escape(step.Key), Markup.Escape(fields));
        }
        Output.Out.Write(table);
    }

    /// <summary>Asks on standard error and reads the answer from standard input: only <c>yes</c> applies.</summary>
    private static bool Confirmed(int changes)
    {
        Console.Error.Write($"apply {changes} change(s)? only 'yes' applies: ");
        return string.Equals(Console.In.ReadLine()?.Trim(), "yes", StringComparison.Ordinal);
    }

    private static async Task<int> ApplyAsync(ApiSession api, IReadOnlyList<PlanStep> plan)
    {
        var steps = plan.Where(s => s.Changes).ToList();
        var applied = new List<PlanStep>();
        // A publish follows its notice's create or update: it matches the version that write answered.
        var written = new Dictionary<string, string>(StringComparer.Ordinal);
        (PlanStep Step, ApiReply Reply)? refusal = null;
        await ApplyProgress.RunAsync(steps.Count, async report =>
        {
            foreach (var step in steps)
            {
                report.Starting(step);
                var reply = await WriteAsync(api, step, written.GetValueOrDefault(step.Path) ?? step.ETag);
                if (!reply.IsSuccess)
                {
                    refusal = (step, reply);
                    return;
                }
                applied.Add(step);
                if (reply.ETag is not null) written[step.Path] = reply.ETag;
                report.Done(step, $"{Output.Text(reply.Body, "state")} (version {Output.Text(reply.Body, "version")})");
            }
        });

        if (refusal is { } refused)
        {
            Output.Error.MarkupLineInterpolated($"[red]refused[/] {refused.Step.Action} {refused.Step.Where}: {refused.Reply.Problem}");
            Output.Error.WriteLine(applied.Count == 0 ? "nothing was applied" : $"applied before it: {string.Join(", ", applied)}");
            Output.Error.WriteLine(refused.Reply.Status == 412
                ? "it changed since the plan read it: apply again to plan against what it is now"
                : "fix the file or the system and apply again: what was applied is unchanged by a rerun");
            return ExitCodes.Refused;
        }
        Output.Out.WriteLine($"applied {applied.Count} change(s)");
        return ExitCodes.Done;
    }

    private static async Task<ApiReply> WriteAsync(ApiSession api, PlanStep step, string? ifMatch) => step.Action switch
    {
        "create" or "update" => await api.SendAsync(HttpMethod.Put, step.Path, step.Kind.Body(step.Document!), ifMatch),
        "publish" => await api.SendAsync(HttpMethod.Post, $"{step.Path}/publish", new JsonObject(), ifMatch),
        _ => await api.SendAsync(HttpMethod.Post, $"{step.Path}/{step.Command}", new JsonObject { ["reason"] = "pruned by domainsctl apply" }, ifMatch),
    };
}
