using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Domains.Tests.Fixtures;
using Domains.Tests.Usage;
using Npgsql;

namespace Domains.Tests.Exports;

/// <summary>
/// Reviewed exports over HTTP on two real servers (DATAPLANE.md §5): the unit asks, the authority reviews the
/// preview, approval puts exactly the reviewed copy into the export store, the unit downloads it.
/// </summary>
[Collection(UsageStackCollection.Name)]
public sealed class ExportApiTests(UsageStackFixture stack)
{
    private readonly ApiClient _api = new(stack.Http, stack.Tokens);
    private Scenarios World => new(_api);

    [Fact]
    public async Task ApprovedExport_DownloadedByItsUnit_HashesToItsRecordedSha256_AndHoldsTheReviewedRows()
    {
        var (id, uscc, resources) = await ActiveWorkspaceAsync();
        await using (var tenant = await UsageLogTests.OpenAsync(resources))
        {
            await UsageLogTests.ExecuteAsync(tenant, """
                CREATE TABLE results (district int, summary text);
                INSERT INTO results SELECT g, 'visits ' || g FROM generate_series(1, 24) g;
                INSERT INTO results VALUES (99, 'a "quoted", two-line
                value')
                """);
        }

        var submitted = await _api.PostAsync($"/v1/workspaces/{id}/exports", "unit", new { table = "results", purpose = "district dashboard" }, unit: uscc);
        Assert.Equal(201, submitted.Status);
        Assert.Equal("submitted", submitted.Str("state"));
        var export = submitted.Str("id")!;
        Assert.Equal($"/v1/exports/{export}", submitted.Location);
        await using (var tenant = await UsageLogTests.OpenAsync(resources))
        {
            // Rows added after the request are not what the authority reviews, so they do not leave.
            await UsageLogTests.ExecuteAsync(tenant, "INSERT INTO results VALUES (1000, 'after review')");
        }

        var review = await _api.GetAsync($"/v1/exports/{export}", "authority");
        var preview = review.Json.GetProperty("preview");
        Assert.Equal(["district", "summary"], preview.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(25, preview.GetProperty("rows").GetInt64());
        Assert.Equal(20, preview.GetProperty("sample").GetArrayLength());
        Assert.Equal(["1", "visits 1"], preview.GetProperty("sample")[0].EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(JsonValueKind.Null, review.Json.GetProperty("sha256").ValueKind);
        var early = await _api.GetAsync($"/v1/exports/{export}/file", "unit", unit: uscc);
        Assert.Equal((409, "invalid-transition"), (early.Status, early.Code));

        var approved = await _api.PostAsync($"/v1/exports/{export}/approve", "authority", new { note = "aggregates only" });

        Assert.Equal(200, approved.Status);
        var delivered = await _api.GetAsync($"/v1/exports/{export}", "unit", unit: uscc);
        Assert.Equal("delivered", delivered.Str("state"));
        Assert.Equal(25, delivered.Long("rowCount"));
        var file = await DownloadAsync(export, uscc);
        Assert.Equal(delivered.Str("sha256"), Convert.ToHexStringLower(SHA256.HashData(file)));
        var csv = Encoding.UTF8.GetString(file);
        Assert.StartsWith("district,summary\n1,visits 1\n", csv, StringComparison.Ordinal);
        Assert.Contains("99,\"a \"\"quoted\"\", two-line\nvalue\"\n", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("after review", csv, StringComparison.Ordinal);
        Assert.Equal(delivered.Str("sha256"), Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(stack.ExportStore, export + ".csv")))));

        var audit = await _api.GetAsync($"/v1/audit?entity=export/{export}", "auditor");
        Assert.Equal(["submit", "approve", "deliver"], audit.Json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.True((await _api.GetAsync($"/v1/audit/verify?entity=export/{export}", "auditor")).Json.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Export_OfAMissingTable_Is409ExportTableMissing_OfAnotherSchema_Is400ExportSchemaForbidden()
    {
        var (id, uscc, resources) = await ActiveWorkspaceAsync();
        var schema = resources.GetProperty("schema").GetString()!;

        var missing = await _api.PostAsync($"/v1/workspaces/{id}/exports", "unit", new { table = "nothing_here", purpose = "p" }, unit: uscc);
        var qualifiedMissing = await _api.PostAsync($"/v1/workspaces/{id}/exports", "unit", new { table = $"{schema}.nothing_here", purpose = "p" }, unit: uscc);
        var foreign = await _api.PostAsync($"/v1/workspaces/{id}/exports", "unit", new { table = "public_data.hospital_visits", purpose = "p" }, unit: uscc);
        var catalog = await _api.PostAsync($"/v1/workspaces/{id}/exports", "unit", new { table = "pg_catalog.pg_authid", purpose = "p" }, unit: uscc);
        var injected = await _api.PostAsync($"/v1/workspaces/{id}/exports", "unit", new { table = "results; DROP TABLE x", purpose = "p" }, unit: uscc);
        var noPurpose = await _api.PostAsync($"/v1/workspaces/{id}/exports", "unit", new { table = "results" }, unit: uscc);
        var product = await _api.PostAsync($"/v1/workspaces/{id}/exports", "unit", new { table = "results", purpose = "p", productId = "prod-none" }, unit: uscc);

        Assert.Equal((409, "export-table-missing"), (missing.Status, missing.Code));
        Assert.Equal((409, "export-table-missing"), (qualifiedMissing.Status, qualifiedMissing.Code));
        Assert.Equal((400, "export-schema-forbidden"), (foreign.Status, foreign.Code));
        Assert.Equal((400, "export-schema-forbidden"), (catalog.Status, catalog.Code));
        Assert.Equal((400, "validation-failed"), (injected.Status, injected.Code));
        Assert.Equal((400, "validation-failed"), (noPurpose.Status, noPurpose.Code));
        Assert.Equal((400, "validation-failed"), (product.Status, product.Code));
        var listed = await _api.GetAsync($"/v1/exports?workspaceId={id}", "authority");
        Assert.Equal(0, listed.Json.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Export_IsTheOwningUnitsAlone_AndReviewedByTheAuthorityAlone()
    {
        var (id, uscc, resources) = await ActiveWorkspaceAsync();
        await using (var tenant = await UsageLogTests.OpenAsync(resources))
        {
            await UsageLogTests.ExecuteAsync(tenant, "CREATE TABLE results (x int); INSERT INTO results VALUES (1)");
        }
        var other = Scenarios.NewUscc();

        var byOther = await _api.PostAsync($"/v1/workspaces/{id}/exports", "unit", new { table = "results", purpose = "p" }, unit: other);
        var byAuthority = await _api.PostAsync($"/v1/workspaces/{id}/exports", "authority", new { table = "results", purpose = "p" });
        var export = (await _api.PostAsync($"/v1/workspaces/{id}/exports", "unit", new { table = "results", purpose = "p" }, unit: uscc)).Str("id")!;
        var approvedByUnit = await _api.PostAsync($"/v1/exports/{export}/approve", "unit", new { note = "self" }, unit: uscc);
        var seenByOther = await _api.GetAsync($"/v1/exports/{export}", "unit", unit: other);
        var rejected = await _api.PostAsync($"/v1/exports/{export}/reject", "authority", new { reason = "row-level data" });
        var approvedAfter = await _api.PostAsync($"/v1/exports/{export}/approve", "authority", new { note = "changed my mind" });
        var download = await _api.GetAsync($"/v1/exports/{export}/file", "unit", unit: uscc);
        var downloadByAuthority = await _api.GetAsync($"/v1/exports/{export}/file", "authority");

        Assert.Equal((404, "not-found"), (byOther.Status, byOther.Code));
        Assert.Equal(403, byAuthority.Status);
        Assert.Equal(403, approvedByUnit.Status);
        Assert.Equal((404, "not-found"), (seenByOther.Status, seenByOther.Code));
        Assert.Equal("rejected", rejected.Str("state"));
        Assert.Equal((409, "invalid-transition"), (approvedAfter.Status, approvedAfter.Code));
        Assert.Equal((409, "invalid-transition"), (download.Status, download.Code));
        Assert.Equal(403, downloadByAuthority.Status);
        Assert.False(File.Exists(Path.Combine(stack.ExportStore, "review", export + ".csv")));
        Assert.False(File.Exists(Path.Combine(stack.ExportStore, export + ".csv")));
    }

    [Fact]
    public async Task Export_FromASuspendedWorkspace_Is409InvalidTransition()
    {
        var (id, uscc, resources) = await ActiveWorkspaceAsync();
        await using (var tenant = await UsageLogTests.OpenAsync(resources))
        {
            await UsageLogTests.ExecuteAsync(tenant, "CREATE TABLE results (x int)");
        }
        Assert.Equal(200, (await _api.PostAsync($"/v1/authorizations/{id}/suspend", "supervisor", new { reason = "breach" })).Status);

        var refused = await _api.PostAsync($"/v1/workspaces/{id}/exports", "unit", new { table = "results", purpose = "p" }, unit: uscc);

        Assert.Equal((409, "invalid-transition"), (refused.Status, refused.Code));
    }

    private async Task<(string Id, string Uscc, JsonElement Resources)> ActiveWorkspaceAsync()
    {
        var uscc = await World.QualifiedUnitAsync();
        var id = await World.AuthorizationAsync("active", uscc: uscc, termStart: await World.NowAsync());
        var workspace = await _api.GetAsync($"/v1/workspaces/{id}");
        Assert.Equal("active", workspace.Str("state"));
        var credentials = await _api.PostAsync($"/v1/workspaces/{id}/credentials", "unit", new { }, unit: uscc);
        Assert.Equal(200, credentials.Status);
        return (id, uscc, credentials.Json);
    }

    private async Task<byte[]> DownloadAsync(string export, string uscc)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/exports/{export}/file");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", stack.Tokens.Issue("unit", uscc));
        using var response = await stack.Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
