using System.Text.RegularExpressions;
using Domains.Tests.Fixtures;

namespace Domains.Tests.Cli;

/// <summary>CONSOLE.md §2 and issue 15: domainsctl against a real stack, the sample file with fresh ids.</summary>
[Collection(StackCollection.Name)]
public sealed class DomainsctlTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);

    private Domainsctl As(string? role) => new(stack.Http.BaseAddress!, role is null ? null : stack.Tokens.Issue(role, null));

    /// <summary>The sample file with every id made fresh (each sample id starts with <c>fj-</c>).</summary>
    private static (string File, string Prefix) Sample(Func<string, string>? edit = null)
    {
        var prefix = $"t{Guid.NewGuid():N}"[..9] + "-";
        var text = File.ReadAllText(Path.Combine(RepoRoot.Path, "ops", "samples", "domains.yaml"));
        text = Regex.Replace(text, @"\bfj-", prefix + "fj-");
        // The suite's business clock moves years ahead; the sample's notices stay open whatever it reads.
        text = text.Replace("closesAt: \"2027-", "closesAt: \"2990-", StringComparison.Ordinal);
        if (edit is not null) text = edit(text);
        var file = Path.Combine(Path.GetTempPath(), $"{prefix}domains.yaml");
        File.WriteAllText(file, text);
        return (file, prefix);
    }

    private async Task<int> AuditCountAsync(string entity) =>
        (await _api.ListAllAsync($"/v1/audit?entity={entity}", "auditor")).Count;

    [Fact]
    public async Task Apply_TheSampleFile_CreatesEverything_AndASecondApplyChangesNothing()
    {
        var (file, prefix) = Sample();

        var first = await As("authority").RunAsync("apply", "-f", file);
        var second = await As("authority").RunAsync("apply", "-f", file);

        Assert.True(first.Exit == 0, first.ToString());
        Assert.Equal("published", (await _api.GetAsync($"/v1/notices/{prefix}fj-notice-health", "auditor")).Str("state"));
        Assert.Equal("planned", (await _api.GetAsync($"/v1/domains/{prefix}fj-fuzhou", "auditor")).Str("state"));
        Assert.Equal(200, (await _api.GetAsync($"/v1/webhooks/{prefix}fj-platform-hook", "auditor")).Status);
        Assert.Equal(5, Regex.Matches(first.Out, @"\bcreate\b").Count);
        Assert.True(second.Exit == 0, second.ToString());
        Assert.Contains("no change", second.Out);
        Assert.Equal(1, await AuditCountAsync($"domain/{prefix}fj-province"));
    }

    [Fact]
    public async Task Apply_AnEditedFile_UpdatesExactlyTheChangedFields()
    {
        var (file, prefix) = Sample();
        Assert.Equal(0, (await As("authority").RunAsync("apply", "-f", file)).Exit);
        var edited = File.ReadAllText(file).Replace("name: Fuzhou city operation domain", "name: Fuzhou municipal operation domain", StringComparison.Ordinal);
        File.WriteAllText(file, edited);

        var run = await As("authority").RunAsync("apply", "-f", file);

        Assert.True(run.Exit == 0, run.ToString());
        Assert.Matches(@"update\s+Domain\s+\S*fj-fuzhou\s+name\s", run.Out);
        Assert.Single(Regex.Matches(run.Out, @"\bupdate\b"));
        var domain = await _api.GetAsync($"/v1/domains/{prefix}fj-fuzhou", "auditor");
        Assert.Equal("Fuzhou municipal operation domain", domain.Str("name"));
        Assert.Equal(2, domain.Long("version"));
        Assert.Equal(1, (await _api.GetAsync($"/v1/domains/{prefix}fj-province", "auditor")).Long("version"));
    }

    [Fact]
    public async Task Apply_DryRun_PrintsThePlanAndChangesNothing()
    {
        var (file, prefix) = Sample();

        var run = await As("authority").RunAsync("apply", "-f", file, "--dry-run");

        Assert.True(run.Exit == 0, run.ToString());
        Assert.Contains("dry run", run.Out);
        Assert.Equal(404, (await _api.GetAsync($"/v1/domains/{prefix}fj-province", "auditor")).Status);
        Assert.Equal(0, await AuditCountAsync($"domain/{prefix}fj-province"));
    }

    [Fact]
    public async Task Apply_AFileWithASchemaViolation_AppliesNothing_AndNamesTheDocumentPathAndRule()
    {
        var (file, prefix) = Sample(text => text.Replace("level: city\n", "level: town\n", StringComparison.Ordinal));

        var run = await As("authority").RunAsync("apply", "-f", file);

        Assert.Equal(2, run.Exit);
        Assert.Contains("document 2", run.Err);
        Assert.Contains("/spec/level", run.Err);
        Assert.Contains("enum", run.Err);
        Assert.DoesNotContain("   at ", run.Err);
        Assert.Equal(404, (await _api.GetAsync($"/v1/domains/{prefix}fj-province", "auditor")).Status);
    }

    [Fact]
    public async Task Apply_AYamlSyntaxError_NamesItsLineAndColumn()
    {
        var (file, _) = Sample(text => text.Replace("  level: province\n", "  level: [province\n", StringComparison.Ordinal));

        var run = await As("authority").RunAsync("apply", "-f", file);

        Assert.Equal(2, run.Exit);
        Assert.Matches(@"domains\.yaml:\d+:\d+: YAML syntax error", run.Err);
    }

    [Fact]
    public async Task Apply_RefusedInTheMiddle_StopsThere_PrintsTheProblemAndWhatWasApplied_AndARerunContinues()
    {
        var (file, prefix) = Sample();
        // The health notice exists already, published, with another title: updating a published notice is refused.
        Assert.Equal(0, (await As("authority").RunAsync("apply", "-f", file)).Exit);
        var text = File.ReadAllText(file)
            .Replace("title: Call for healthcare data products", "title: Renamed call", StringComparison.Ordinal)
            .Replace("kind: Domain\nid: " + prefix + "fj-province", "kind: Domain\nid: " + prefix + "fj-extra", StringComparison.Ordinal);
        File.WriteAllText(file, text);

        var run = await As("authority").RunAsync("apply", "-f", file);

        Assert.Equal(1, run.Exit);
        Assert.Contains("invalid-transition", run.Err);
        Assert.Contains($"applied before it: create Domain {prefix}fj-extra", run.Err);
        Assert.Equal(200, (await _api.GetAsync($"/v1/domains/{prefix}fj-extra", "auditor")).Status);
        Assert.Equal("Call for healthcare data products", (await _api.GetAsync($"/v1/notices/{prefix}fj-notice-health", "auditor")).Str("title"));
    }

    [Fact]
    public async Task Apply_WithPrune_DisablesTheWebhooksTheFileNoLongerNames_OnlyUnderThePrefix()
    {
        var (file, prefix) = Sample();
        Assert.Equal(0, (await As("authority").RunAsync("apply", "-f", file)).Exit);
        var other = Ids.New("hook");
        await _api.PutAsync($"/v1/webhooks/{other}", "authority", new { url = "http://127.0.0.1:9/x", kinds = new[] { "product-reviewed" }, secret = "another-secret-0123456789" });
        var text = File.ReadAllText(file);
        File.WriteAllText(file, text[..text.LastIndexOf("---", StringComparison.Ordinal)]);

        var withoutPrune = await As("authority").RunAsync("apply", "-f", file);
        var pruned = await As("authority").RunAsync("apply", "-f", file, "--prune", "Webhook", "--prune-prefix", prefix);

        Assert.Contains("no change", withoutPrune.Out);
        Assert.True(pruned.Exit == 0, pruned.ToString());
        Assert.Equal("disabled", (await _api.GetAsync($"/v1/webhooks/{prefix}fj-platform-hook", "auditor")).Str("state"));
        Assert.Equal("active", (await _api.GetAsync($"/v1/webhooks/{other}", "auditor")).Str("state"));
    }

    [Fact]
    public async Task GetDescribeAndALifecycleCommand_WorkByName()
    {
        var (file, prefix) = Sample();
        Assert.Equal(0, (await As("authority").RunAsync("apply", "-f", file)).Exit);
        var id = $"{prefix}fj-fuzhou";

        var built = await As("automation").RunAsync("built", "domain", id);
        var accepted = await As("authority").RunAsync("accept", "domain", id, "--inspection-ref", "INSP-9", "-o", "json");
        var listed = await As("supervisor").RunAsync("get", "domains", "--state", "operational", "--limit", "500", "-o", "json");
        var described = await As("auditor").RunAsync("describe", "domain", id, "-o", "json");
        var twice = await As("authority").RunAsync("accept", "domain", id, "--inspection-ref", "INSP-9");

        Assert.True(built.Exit == 0, built.ToString());
        Assert.Contains("awaiting-acceptance", built.Out);
        Assert.Contains("\"operational\"", accepted.Out);
        Assert.Contains(id, listed.Out);
        Assert.Contains("\"action\"", described.Out);
        Assert.Equal(1, twice.Exit);
        Assert.Contains("invalid-transition", twice.Err);
    }

    [Fact]
    public async Task BadInput_IsOneLineAndExitCode2Or1_NeverAStackTrace()
    {
        var unknownKind = await As("authority").RunAsync("get", "planets");
        var noToken = await As(null).RunAsync("get", "domains");
        var unknownOption = await As("authority").RunAsync("get", "domains", "--colour", "red");
        var unreachable = await new Domainsctl(new Uri("http://127.0.0.1:1"), "t").RunAsync("get", "domains");
        var forbidden = await As("automation").RunAsync("get", "units");
        var schema = await As(null).RunAsync("schema");

        Assert.Equal(2, unknownKind.Exit);
        Assert.Contains("unknown kind 'planets'", unknownKind.Err);
        Assert.Equal(2, noToken.Exit);
        Assert.Contains("no token", noToken.Err);
        Assert.Equal(2, unknownOption.Exit);
        Assert.Equal(1, unreachable.Exit);
        Assert.Contains("cannot reach the API", unreachable.Err);
        Assert.Equal(1, forbidden.Exit);
        foreach (var run in new[] { unknownKind, noToken, unknownOption, unreachable, forbidden })
        {
            Assert.Single(run.Err.Trim().Split('\n'));
            Assert.DoesNotContain("   at ", run.Err);
        }
        Assert.Equal(0, schema.Exit);
        Assert.Contains("\"$defs\"", schema.Out);
    }
}
