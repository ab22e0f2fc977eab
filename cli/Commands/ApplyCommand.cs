using System.Text.Json.Nodes;
using Domains.Cli.Manifests;
using Spectre.Console;

namespace Domains.Cli.Commands;

/// <summary>
/// <c>domainsctl apply -f FILE [--dry-run] [--prune KINDS [--prune-prefix P]]</c>: reads what exists, prints the plan
/// (create / update with the differing fields / unchanged), then applies it in file order, each write with
/// <c>If-Match</c> of the version read. Every document is checked against the schema first, so a file with an
/// error applies nothing. A refusal stops the apply with the problem and the steps already applied; applies
/// are idempotent, so a rerun continues. Nothing is ended unless <c>--prune</c> names its kind.
/// </summary>
public static class ApplyCommand
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var file = args.Option("-f", "--file") ?? throw CliException.Usage("apply needs -f FILE");
        var dryRun = args.Flag("--dry-run");
        var prune = (args.Option("--prune") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(ResourceKind.Get).ToList();
        var prefix = args.Option("--prune-prefix") ?? "";
        if (prune.FirstOrDefault(k => k.PruneCommand is null) is { } unprunable) throw CliException.Usage($"{unprunable.Name} cannot be pruned: the API ends none");
        var connection = Connection.Resolve(args);
        args.EnsureAllTaken();

        var documents = Read(file);
        using var api = new ApiSession(connection);
        var plan = await PlanAsync(api, documents, prune, prefix);
        Print(plan);
        if (!plan.Any(s => s.Changes))
        {
            Output.Out.WriteLine("no change: the system already matches the file");
            return ExitCodes.Done;
        }
        if (dryRun)
        {
            Output.Out.WriteLine($"dry run: {plan.Count(s => s.Changes)} change(s) planned, nothing applied");
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
        var twice = documents.GroupBy(d => (d.Kind, d.Id)).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw CliException.Usage($"{file}: {twice.Key.Kind} {twice.Key.Id} is described twice ({string.Join(", ", twice.Select(d => d.Name))})");
        return documents;
    }

    private static async Task<List<PlanStep>> PlanAsync(ApiSession api, IReadOnlyList<ManifestDocument> documents, IReadOnlyList<ResourceKind> prune, string prefix)
    {
        var plan = new List<PlanStep>();
        foreach (var document in documents)
        {
            var kind = ResourceKind.Get(document.Kind);
            var current = await api.SendAsync(HttpMethod.Get, $"{kind.Path}/{Uri.EscapeDataString(document.Id)}");
            if (current.Status == 404)
            {
                plan.Add(new PlanStep("create", kind.Name, document.Id, [.. document.Spec.Select(p => p.Key)], document, null));
                if (document.Content["state"]?.GetValue<string>() == "published") plan.Add(new PlanStep("publish", kind.Name, document.Id, [], document, null));
                continue;
            }
            if (!current.IsSuccess) throw CliException.Refused($"{document.Name}: reading it: {current.Problem}");
            var differing = JsonCompare.Differing(document.Spec, current.Body!, kind.WriteOnly);
            plan.Add(new PlanStep(differing.Count > 0 ? "update" : "unchanged", kind.Name, document.Id, differing, document, current.ETag));
            if (document.Content["state"]?.GetValue<string>() == "published" && Output.Text(current.Body, "state") == "draft")
            {
                plan.Add(new PlanStep("publish", kind.Name, document.Id, [], document, null));
            }
        }
        foreach (var kind in prune)
        {
            var named = documents.Where(d => d.Kind == kind.Name).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            await foreach (var item in api.ListAsync(kind.Path))
            {
                var id = Output.Text(item, "id");
                if (!id.StartsWith(prefix, StringComparison.Ordinal) || named.Contains(id) || kind.Ended.Contains(Output.Text(item, "state"))) continue;
                plan.Add(new PlanStep("prune", kind.Name, id, [], null, null, kind.PruneCommand));
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
            table.AddRow($"[{colour}]{step.Action}[/]", step.Kind, Markup.Escape(step.Id), Markup.Escape(fields));
        }
        Output.Out.Write(table);
    }

    private static async Task<int> ApplyAsync(ApiSession api, IReadOnlyList<PlanStep> plan)
    {
        var applied = new List<PlanStep>();
        foreach (var step in plan.Where(s => s.Changes))
        {
            var kind = ResourceKind.Get(step.Kind);
            var path = $"{kind.Path}/{Uri.EscapeDataString(step.Id)}";
            var reply = step.Action switch
            {
                "create" or "update" => await api.SendAsync(HttpMethod.Put, path, step.Document!.Spec.DeepClone(), step.ETag),
                "publish" => await api.SendAsync(HttpMethod.Post, $"{path}/publish", new JsonObject()),
                _ => await api.SendAsync(HttpMethod.Post, $"{path}/{step.Command}", new JsonObject { ["reason"] = "pruned by domainsctl apply" }),
            };
            if (!reply.IsSuccess)
            {
                var where = step.Document?.Name ?? $"{step.Kind} {step.Id}";
                Output.Error.MarkupLineInterpolated($"[red]refused[/] {step.Action} {where}: {reply.Problem}");
                Output.Error.WriteLine(applied.Count == 0 ? "nothing was applied" : $"applied before it: {string.Join(", ", applied.Select(a => $"{a.Action} {a.Kind} {a.Id}"))}");
                Output.Error.WriteLine("fix the file or the system and apply again: what was applied is unchanged by a rerun");
                return ExitCodes.Refused;
            }
            applied.Add(step);
            Output.Error.MarkupLineInterpolated($"[grey]{step.Action} {step.Kind} {step.Id}: {Output.Text(reply.Body, "state")} (version {Output.Text(reply.Body, "version")})[/]");
        }
        Output.Out.WriteLine($"applied {applied.Count} change(s)");
        return ExitCodes.Done;
    }
}
