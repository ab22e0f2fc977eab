using Domains.Tests.Fixtures;

namespace Domains.Tests.Api;

/// <summary>The catalogue (DATAPLANE.md §2) over HTTP, checked against the run's real data server.</summary>
[Collection(StackCollection.Name)]
public sealed class DatasetApiTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);
    private Scenarios World => new(_api);

    [Fact]
    public async Task PutDataset_OfAnExistingTable_Is201ThenListed_AndARepeatIs200WithoutANewVersion()
    {
        var domain = await OperationalDomainWithoutCatalogueAsync();

        var created = await _api.PutAsync($"/v1/domains/{domain}/datasets/ds-visits", "authority", Scenarios.HospitalVisits);
        var repeated = await _api.PutAsync($"/v1/domains/{domain}/datasets/ds-visits", "authority", Scenarios.HospitalVisits);
        var list = await _api.GetAsync($"/v1/domains/{domain}/datasets", "unit", Scenarios.NewUscc());

        Assert.Equal(201, created.Status);
        Assert.Equal($"/v1/domains/{domain}/datasets/ds-visits", created.Location);
        Assert.Equal("registered", created.Str("state"));
        Assert.Equal(200, repeated.Status);
        Assert.Equal(1, repeated.Long("version"));
        var item = Assert.Single(list.Json.GetProperty("items").EnumerateArray());
        Assert.Equal("ds-visits", item.GetProperty("id").GetString());
        Assert.Equal("public_data.hospital_visits", item.GetProperty("table").GetString());
        Assert.Equal("pseudonymize", item.GetProperty("sensitiveColumns")[0].GetProperty("treatment").GetString());
        Assert.True(await World.ChainValidAsync($"dataset/{domain}/ds-visits"));
    }

    [Theory]
    [InlineData("public_data.no_such_table", "patient_name")]
    [InlineData("public_data.hospital_visits", "no_such_column")]
    [InlineData("pg_catalog.pg_authid", "rolname")]
    public async Task PutDataset_TableOrColumnMissingOnTheDataServer_Is409DatasetTableMissing_AndNothingIsRegistered(string table, string column)
    {
        var domain = await OperationalDomainWithoutCatalogueAsync();

        var refused = await _api.PutAsync($"/v1/domains/{domain}/datasets/ds-x", "authority", new
        {
            title = "x", department = "y", classification = "sensitive", table,
            sensitiveColumns = new[] { new { name = column, treatment = "drop" } },
        });
        var list = await _api.GetAsync($"/v1/domains/{domain}/datasets", "auditor");

        Assert.Equal(409, refused.Status);
        Assert.Equal("dataset-table-missing", refused.Code);
        Assert.Empty(list.Json.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("hospital_visits")]
    [InlineData("public_data.Hospital\"; DROP TABLE x")]
    public async Task PutDataset_TableNotSchemaQualifiedIdentifier_Is400ValidationFailed(string table)
    {
        var domain = await OperationalDomainWithoutCatalogueAsync();

        var refused = await _api.PutAsync($"/v1/domains/{domain}/datasets/ds-x", "authority", Scenarios.Dataset("x", table));

        Assert.Equal(400, refused.Status);
        Assert.Equal("validation-failed", refused.Code);
    }

    [Fact]
    public async Task PutDataset_ByAnyoneButTheAuthority_Is403()
    {
        var domain = await OperationalDomainWithoutCatalogueAsync();

        var refused = await _api.PutAsync($"/v1/domains/{domain}/datasets/ds-x", "supervisor", Scenarios.Dataset("x", "public_data.traffic_flow"));

        Assert.Equal(403, refused.Status);
    }

    [Theory]
    [InlineData("ds-a", "ds.a")]
    [InlineData("ds-a", "ds_a")]
    [InlineData("DS_A", "XY-Z")]
    public async Task PutDataset_WhoseViewNameIsAnotherDatasetsOfTheDomain_Is409DatasetViewTaken_ButAnotherDomainMayHaveIt(string registered, string colliding)
    {
        var domain = await OperationalDomainWithoutCatalogueAsync();
        var other = await OperationalDomainWithoutCatalogueAsync();
        Assert.Equal(201, (await _api.PutAsync($"/v1/domains/{domain}/datasets/{registered}", "authority", Scenarios.Dataset("a", "public_data.traffic_flow"))).Status);

        var refused = await _api.PutAsync($"/v1/domains/{domain}/datasets/{colliding}", "authority", Scenarios.Dataset("b", "public_data.parking_occupancy"));
        var elsewhere = await _api.PutAsync($"/v1/domains/{other}/datasets/{colliding}", "authority", Scenarios.Dataset("b", "public_data.parking_occupancy"));
        var list = await _api.GetAsync($"/v1/domains/{domain}/datasets", "auditor");

        Assert.Equal(409, refused.Status);
        Assert.Equal("dataset-view-taken", refused.Code);
        Assert.Contains($"'{registered}'", refused.Json.GetProperty("detail").GetString());
        Assert.Equal(201, elsewhere.Status);
        Assert.Equal(new[] { registered }, list.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task PutDataset_TwoIdsOfOneViewNameAtOnce_OneIsRegistered_TheOtherIs409()
    {
        var domain = await OperationalDomainWithoutCatalogueAsync();

        var replies = await Task.WhenAll(new[] { "ds-c", "ds.c", "ds_c" }.Select(id =>
            _api.PutAsync($"/v1/domains/{domain}/datasets/{id}", "authority", Scenarios.Dataset(id, "public_data.traffic_flow"))));
        var list = await _api.GetAsync($"/v1/domains/{domain}/datasets", "auditor");

        Assert.Single(replies, r => r.Status == 201);
        Assert.All(replies.Where(r => r.Status != 201), r => Assert.Equal("dataset-view-taken", r.Code));
        Assert.Single(list.Json.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task PutDataset_RefusedForAMissingTable_KeepsNoViewName()
    {
        var domain = await OperationalDomainWithoutCatalogueAsync();

        var refused = await _api.PutAsync($"/v1/domains/{domain}/datasets/ds-d", "authority", Scenarios.Dataset("d", "public_data.no_such_table"));
        var registered = await _api.PutAsync($"/v1/domains/{domain}/datasets/ds.d", "authority", Scenarios.Dataset("d", "public_data.traffic_flow"));

        Assert.Equal("dataset-table-missing", refused.Code);
        Assert.Equal(201, registered.Status);
    }

    [Fact]
    public async Task Apply_NamingADatasetNotCataloguedInTheNoticesDomain_Is400DatasetUnknown_AndNothingIsCreated()
    {
        var uscc = await World.QualifiedUnitAsync();
        var notice = await World.OpenNoticeAsync(await World.OperationalDomainAsync());
        var otherDomain = await World.OperationalDomainAsync();
        await _api.PutAsync($"/v1/domains/{otherDomain}/datasets/ds-elsewhere", "authority", Scenarios.Dataset("x", "public_data.traffic_flow"));

        var refused = await _api.PostAsync("/v1/authorizations", "unit", await World.ApplicationAsync(uscc, notice,
            datasets: new[] { new { id = "ds-traffic", justification = "j" }, new { id = "ds-elsewhere", justification = "j" } }), unit: uscc);
        var retried = await World.ApplyAsync(uscc, notice);

        Assert.Equal(400, refused.Status);
        Assert.Equal("dataset-unknown", refused.Code);
        Assert.Contains("ds-elsewhere", refused.Json.GetProperty("detail").GetString());
        Assert.Equal(201, retried.Status);
    }

    private async Task<string> OperationalDomainWithoutCatalogueAsync()
    {
        var id = Ids.New("dom");
        await _api.PutAsync($"/v1/domains/{id}", "authority", new { name = "Fuzhou", level = "city", regionCode = "350100", standardVersion = "v1" });
        return id;
    }
}
