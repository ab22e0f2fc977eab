using System.Text.RegularExpressions;
using Domains.Tests.Fixtures;

namespace Domains.Tests.Cli;

/// <summary>CONSOLE.md §2 and issue 15: domainsctl against a real stack, the sample file with fresh ids.</summary>
[Collection(StackCollection.Name)]
public sealed class DomainsctlTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);

    private Domainsctl As(string? role) => new(stack.Http.BaseAddress!, role is null ? null : stack.Tokens.Issue(role, null));

    /// <summary>The sample file, edited first when asked, with every id made fresh (each sample id starts with <c>fj-</c>).</summary>
    private static (string File, string Prefix) Sample(Func<string, string>? edit = null)
    {
        var prefix = $"t{Guid.NewGuid():N}"[..9] + "-";
        var text = File.ReadAllText(Path.Combine(RepoRoot.Path, "ops", "samples", "domains.yaml"));
        if (edit is not null) text = edit(text);
        text = Regex.Replace(text, @"\bfj-", prefix + "fj-");
        // The suite's business clock moves years ahead; the sample's notices stay open whatever it reads.
        text = text.Replace("closesAt: \"2027-", "closesAt: \"2990-", StringComparison.Ordinal);
        var file = Path.Combine(Path.GetTempPath(), $"{prefix}domains.yaml");
        File.WriteAllText(file, text);
        return (file, prefix);
    }

    private static string DatasetPath(string prefix, string dataset) => $"/v1/domains/{prefix}fj-province/datasets/{prefix}{dataset}";

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
        Assert.Equal("email", (await _api.GetAsync($"/v1/channels/{prefix}fj-authority-mail", "auditor")).Str("kind"));
        Assert.Equal("public_data.traffic_flow", (await _api.GetAsync(DatasetPath(prefix, "fj-traffic-flow"), "auditor")).Str("table"));
        Assert.Equal("public_data.parking_occupancy", (await _api.GetAsync(DatasetPath(prefix, "fj-parking-occupancy"), "auditor")).Str("table"));
        var hospital = (await _api.GetAsync(DatasetPath(prefix, "fj-hospital-visits"), "auditor")).Json;
        Assert.Equal("sensitive", hospital.GetProperty("classification").GetString());
        Assert.Equal(
            ["patient_id_number:pseudonymize", "patient_name:drop"],
            hospital.GetProperty("sensitiveColumns").EnumerateArray().Select(c => $"{c.GetProperty("name").GetString()}:{c.GetProperty("treatment").GetString()}"));
        Assert.Equal(9, Regex.Matches(first.Out, @"\bcreate\b").Count);
        Assert.Contains($"create Dataset {prefix}fj-province/{prefix}fj-traffic-flow: registered (version 1)", first.Err);
        Assert.DoesNotContain(": registered", first.Out);
        Assert.True(second.Exit == 0, second.ToString());
        Assert.Contains("no change", second.Out);
        Assert.Equal(9, Regex.Matches(second.Out, @"\bunchanged\b").Count);
        Assert.Equal(1, await AuditCountAsync($"domain/{prefix}fj-province"));
        Assert.Equal(1, (await _api.GetAsync(DatasetPath(prefix, "fj-hospital-visits"), "auditor")).Long("version"));
    }

    [Fact]
    public async Task Apply_TheSampleFile_WritesEachDomainBeforeItsDatasetsAndNotices_WhateverTheFileOrder()
    {
        // The province domain moved to the end of the file, after the datasets and the notice that name it.
        var (file, prefix) = Sample(text =>
        {
            var province = Regex.Match(text, @"kind: Domain\nid: fj-province\nspec:\n(?:  .*\n)+---\n").Value;
            return text.Replace(province, "", StringComparison.Ordinal) + "---\n" + province[..^4];
        });

        var run = await As("authority").RunAsync("apply", "-f", file);

        Assert.True(run.Exit == 0, run.ToString());
        Assert.True(run.Out.IndexOf($"{prefix}fj-province ", StringComparison.Ordinal) < run.Out.IndexOf($"{prefix}fj-province/{prefix}fj-traffic-flow", StringComparison.Ordinal), run.Out);
        Assert.Equal(200, (await _api.GetAsync(DatasetPath(prefix, "fj-hospital-visits"), "auditor")).Status);
    }

    [Fact]
    public async Task Apply_AnEditedDataset_UpdatesExactlyThatField()
    {
        var (file, prefix) = Sample();
        Assert.Equal(0, (await As("authority").RunAsync("apply", "-f", file)).Exit);
        File.WriteAllText(file, File.ReadAllText(file).Replace(
            "{ name: patient_name, treatment: drop }", "{ name: patient_name, treatment: pseudonymize }", StringComparison.Ordinal));

        var run = await As("authority").RunAsync("apply", "-f", file);

        Assert.True(run.Exit == 0, run.ToString());
        Assert.Matches($@"update\s+Dataset\s+{prefix}fj-province/{prefix}fj-hospital-visits\s+sensitiveColumns\s", run.Out);
        Assert.Single(Regex.Matches(run.Out, @"\bupdate\b"));
        var hospital = await _api.GetAsync(DatasetPath(prefix, "fj-hospital-visits"), "auditor");
        Assert.Equal(2, hospital.Long("version"));
        Assert.Equal("pseudonymize", hospital.Json.GetProperty("sensitiveColumns")[1].GetProperty("treatment").GetString());
        Assert.Equal("Hospital outpatient visits", hospital.Str("title"));
        Assert.Equal(1, (await _api.GetAsync(DatasetPath(prefix, "fj-traffic-flow"), "auditor")).Long("version"));
    }

    [Fact]
    public async Task Apply_AChannelDocument_RegistersIt_NeverComparesItsSecret_AndForceSecretsWritesItAgain()
    {
        var id = Ids.New("chan");
        var file = Path.Combine(Path.GetTempPath(), $"{id}.yaml");
        File.WriteAllText(file, $$"""
            kind: Channel
            id: {{id}}
            spec:
              kind: dingtalk
              kinds: [product-reviewed]
              recipients: supervisors
              target: { url: "http://127.0.0.1:9/robot/send?access_token=t", secret: SEC-robot-signing-secret }
              language: en
            """);

        var first = await As("authority").RunAsync("apply", "-f", file);
        var second = await As("authority").RunAsync("apply", "-f", file);
        var forced = await As("authority").RunAsync("apply", "-f", file, "--force-secrets");

        Assert.True(first.Exit == 0, first.ToString());
        Assert.Matches($@"create\s+Channel\s+{id}\s", first.Out);
        Assert.True(second.Exit == 0, second.ToString());
        Assert.Contains("no change", second.Out);
        Assert.True(forced.Exit == 0, forced.ToString());
        Assert.Matches($@"update\s+Channel\s+{id}\s+target\s", forced.Out);
        var channel = await _api.GetAsync($"/v1/channels/{id}", "auditor");
        Assert.Equal("dingtalk", channel.Str("kind"));
        Assert.Equal("en", channel.Str("language"));
        Assert.True(channel.Json.GetProperty("target").GetProperty("secretSet").GetBoolean());
        Assert.DoesNotContain("SEC-robot-signing-secret", first.Out + first.Err + forced.Out + forced.Err);
    }

    [Fact]
    public async Task Apply_AResourceChangedBetweenPlanAndApply_IsRefusedWithVersionMismatch_AndNotOverwritten()
    {
        var (file, prefix) = Sample();
        Assert.Equal(0, (await As("authority").RunAsync("apply", "-f", file)).Exit);
        File.WriteAllText(file, File.ReadAllText(file)
            .Replace("name: Fujian provincial operation domain", "name: Fujian province domain", StringComparison.Ordinal)
            .Replace("name: Fuzhou city operation domain", "name: Fuzhou domain", StringComparison.Ordinal));
        var fuzhou = $"/v1/domains/{prefix}fj-fuzhou";

        var run = await As("authority").RunConfirmingAsync(["apply", "-f", file, "--confirm"], async () =>
        {
            var meanwhile = await _api.PutAsync(fuzhou, "authority", new { name = "Changed meanwhile", level = "city", regionCode = "350100", standardVersion = "DB35/T-2024" });
            Assert.Equal(200, meanwhile.Status);
        });

        Assert.Equal(1, run.Exit);
        Assert.Contains("version-mismatch", run.Err);
        Assert.Contains($"applied before it: update Domain {prefix}fj-province", run.Err);
        Assert.Equal("Fujian province domain", (await _api.GetAsync($"/v1/domains/{prefix}fj-province", "auditor")).Str("name"));
        Assert.Equal("Changed meanwhile", (await _api.GetAsync(fuzhou, "auditor")).Str("name"));
    }

    [Fact]
    public async Task Apply_ADatasetWhoseTableTheDataServerLacks_StopsWithDatasetTableMissing_AndAppliesNothingAfterIt()
    {
        var (file, prefix) = Sample(text => text.Replace("kind: Dataset\nid: fj-traffic-flow\n", """
            kind: Dataset
            id: fj-missing
            spec:
              domainId: fj-province
              title: A table nobody loaded
              department: Nowhere
              classification: general
              table: public_data.no_such_table
            ---
            kind: Dataset
            id: fj-traffic-flow

            """.ReplaceLineEndings("\n"), StringComparison.Ordinal));

        var run = await As("authority").RunAsync("apply", "-f", file);

        Assert.Equal(1, run.Exit);
        Assert.Contains("dataset-table-missing", run.Err);
        Assert.Contains($"Dataset {prefix}fj-missing", run.Err);
        Assert.Contains($"applied before it: create Domain {prefix}fj-province, create Domain {prefix}fj-fuzhou", run.Err);
        Assert.Equal(404, (await _api.GetAsync(DatasetPath(prefix, "fj-missing"), "auditor")).Status);
        Assert.Equal(404, (await _api.GetAsync(DatasetPath(prefix, "fj-traffic-flow"), "auditor")).Status);
        Assert.Equal(404, (await _api.GetAsync($"/v1/notices/{prefix}fj-notice-health", "auditor")).Status);
        Assert.Equal(404, (await _api.GetAsync($"/v1/channels/{prefix}fj-authority-mail", "auditor")).Status);
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
        Assert.Matches($@"document 5 \(line \d+, Domain {prefix}fj-fuzhou\)", run.Err);
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
        File.WriteAllText(file, Regex.Replace(File.ReadAllText(file), @"---\nkind: Webhook\n(?:  .*\n|id: .*\n|spec:\n)+", ""));

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
        var pruneDatasets = await As("authority").RunAsync("apply", "-f", "any.yaml", "--prune", "Dataset");

        Assert.Equal(2, unknownKind.Exit);
        Assert.Contains("unknown kind 'planets'", unknownKind.Err);
        Assert.Equal(2, noToken.Exit);
        Assert.Contains("no token", noToken.Err);
        Assert.Equal(2, unknownOption.Exit);
        Assert.Equal(1, unreachable.Exit);
        Assert.Contains("cannot reach the API", unreachable.Err);
        Assert.Equal(1, forbidden.Exit);
        Assert.Equal(2, pruneDatasets.Exit);
        Assert.Contains("Dataset cannot be pruned", pruneDatasets.Err);
        foreach (var run in new[] { unknownKind, noToken, unknownOption, unreachable, forbidden, pruneDatasets })
        {
            Assert.Single(run.Err.Trim().Split('\n'));
            Assert.DoesNotContain("   at ", run.Err);
        }
        Assert.Equal(0, schema.Exit);
        Assert.Contains("\"$defs\"", schema.Out);
        Assert.Contains("\"dataset\"", schema.Out);
        Assert.Contains("\"channel\"", schema.Out);
    }
    [Fact]
    public async Task UsageErrors_AnUnknownOptionOrAMissingArgumentOrValue_AreOneLineAndExitCode2()
    {
        var runs = new[]
        {
            await As("authority").RunAsync("apply", "-f", "any.yaml", "--colour", "red"),
            await As("authority").RunAsync("describe", "domain"),
            await As("authority").RunAsync("suspend", "authorization"),
            await As("authority").RunAsync("apply", "-f"),
            await As("authority").RunAsync("get", "domains", "--state", "--limit", "5"),
            await As("authority").RunAsync("audit"),
            await As("authority").RunAsync("audit", "replay"),
            await As("authority").RunAsync("launch", "domain", "x"),
        };

        foreach (var run in runs)
        {
            Assert.True(run.Exit == 2, run.ToString());
            Assert.Single(run.Err.Trim().Split('\n'));
            Assert.StartsWith("domainsctl: ", run.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", run.Err);
            Assert.Equal("", run.Out);
        }
        Assert.Contains("'colour'", runs[0].Err);
        Assert.Contains("'ID'", runs[1].Err);
        Assert.Contains("'ID'", runs[2].Err);
        Assert.Contains("--file needs a value", runs[3].Err);
        Assert.Contains("--state needs a value", runs[4].Err);
        Assert.Contains("'launch'", runs[7].Err);
    }

    [Fact]
    public async Task Help_OfApply_ListsItsOptions_AndNoCommandIsAUsageError()
    {
        var help = await As(null).RunAsync("apply", "--help");
        var none = await As(null).RunAsync();

        Assert.True(help.Exit == 0, help.ToString());
        foreach (var option in new[] { "-f, --file <FILE>", "--dry-run", "--confirm", "--force-secrets", "--prune <KIND[,KIND]>", "--prune-prefix <PREFIX>", "--url <URL>", "--token <TOKEN>" })
        {
            Assert.Contains(option, help.Out);
        }
        Assert.Contains("exit codes: 0 done, 1 refused by the API", help.Out);
        Assert.Equal("", help.Err);
        Assert.Equal(2, none.Exit);
        foreach (var command in new[] { "login", "get <KIND>", "describe <KIND> <ID>", "suspend <KIND> <ID>", "apply", "audit", "schema" })
        {
            Assert.Contains(command, none.Out);
        }
    }
}
