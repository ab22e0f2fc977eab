using System.ComponentModel;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Domains.Cli.Commands;

/// <summary>
/// The lifecycle commands by name: <c>domainsctl suspend authorization ID --reason R [--correction-due P30D]</c>,
/// <c>reinstate</c>, <c>revoke</c>, <c>approve</c>, … — a POST of the verb on the resource with its fields as
/// options (<c>--inspection-ref</c> becomes <c>inspectionRef</c>).
/// </summary>
public sealed class LifecycleCommand : AsyncCommand<LifecycleCommand.Settings>
{
    public static readonly IReadOnlyList<string> Verbs =
    [
        "verify", "approve", "reject", "withdraw", "announce", "file", "activate", "suspend", "reinstate", "terminate", "revoke",
        "publish", "built", "accept", "resume", "retire", "disable", "enable", "request-changes", "list", "delist", "retry-provisioning",
    ];

    public sealed class Settings : ResourceSettings
    {
        [CommandOption("--reason <REASON>")]
        [Description("why (suspend, revoke, reject, terminate, …)")]
        public string? Reason { get; set; }

        [CommandOption("--note <NOTE>")]
        [Description("a note kept with the transition")]
        public string? Note { get; set; }

        [CommandOption("--outcome <pass|fail>")]
        [Description("the outcome (verify)")]
        public string? Outcome { get; set; }

        [CommandOption("--correction-due <DURATION>")]
        [Description("when the correction is due (suspend): an instant or an ISO 8601 duration, default P30D")]
        public string? CorrectionDue { get; set; }

        [CommandOption("--inspection-ref <REF>")]
        [Description("the inspection's reference (accept)")]
        public string? InspectionRef { get; set; }

        [CommandOption("--filing-ref <REF>")]
        [Description("the filing's reference (file)")]
        public string? FilingRef { get; set; }

        [CommandOption("--term-start <TIME>")]
        [Description("the start of the term (activate)")]
        public string? TermStart { get; set; }

        [CommandOption("--term-end <TIME>")]
        [Description("the end of the term (activate), at most 36 months after its start")]
        public string? TermEnd { get; set; }

        [CommandOption("--if-match <ETAG>")]
        [Description("only if the resource is still at this version (else 412 version-mismatch)")]
        public string? IfMatch { get; set; }

        [CommandOption("--idempotency-key <KEY>")]
        [Description("a key that makes a retry of this command answer as the first did")]
        public string? IdempotencyKey { get; set; }

        /// <summary>The request body: the fields given, by their API names.</summary>
        public JsonObject Body()
        {
            (string Name, string? Value)[] fields =
            [
                ("reason", Reason), ("note", Note), ("outcome", Outcome), ("correctionDue", CorrectionDue),
                ("inspectionRef", InspectionRef), ("filingRef", FilingRef), ("termStart", TermStart), ("termEnd", TermEnd),
            ];
            var body = new JsonObject();
            foreach (var (name, value) in fields)
            {
                if (value is not null) body[name] = value;
            }
            return body;
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var verb = context.Name;
        var kind = Kind.Parse(settings.Kind);
        var id = settings.Id;
        var connection = Connection.Resolve(settings);

        using var api = new ApiSession(connection);
        var reply = await api.SendAsync(HttpMethod.Post, $"{kind.Path}/{Uri.EscapeDataString(id)}/{verb}", settings.Body(), settings.IfMatch, settings.IdempotencyKey);
        if (!reply.IsSuccess) throw CliException.Refused(reply.Problem);
        if (settings.Output == "json") Output.Json(reply.Body);
        else Output.Out.MarkupLineInterpolated($"{kind.Singular}/{id} [green]{Output.Text(reply.Body, "state")}[/] (version {Output.Text(reply.Body, "version")})");
        return ExitCodes.Done;
    }
}
