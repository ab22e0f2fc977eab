using System.Security.Cryptography;
using Domains.Tests.Fixtures;
using Npgsql;

namespace Domains.Tests.Grains;

/// <summary>
/// The domains' data server stopped under a running cluster and API (a data server of this test's own, the
/// controller's server up): commands that need it answer 503 storage-unavailable and change nothing, and a login
/// closed before the outage is still closed after it.
/// </summary>
public sealed class DataServerOutageTests
{
    [Fact]
    public async Task DataServerDown_CatalogueAndCredentialsAre503_NothingChanges_AndAClosedLoginStaysClosed()
    {
        var dataServer = PostgresServer.StartPrivate();
        var (dataAdmin, provisioner) = dataServer.CreateDataDatabase("outage");
        var database = PostgresServer.Instance.CreateDatabase("dsoutage") with { DataAdmin = dataAdmin, DataServer = provisioner };
        await using var cluster = await TestClusters.StartAsync(database, silos: 1);
        var key = RandomNumberGenerator.GetBytes(32);
        await using var host = await ApiHost.StartAsync(database.Api, cluster.Options.ClusterId, key);
        var api = new ApiClient(host.Http, new Tokens(key));
        var world = new Scenarios(api);
        var domain = await world.OperationalDomainAsync();
        var notice = await world.OpenNoticeAsync(domain);
        var (closedUnit, openUnit) = (await world.QualifiedUnitAsync(), await world.QualifiedUnitAsync());
        var closed = await SealedWorkspaceTests.AuthorizeAsync(api, closedUnit, notice, ["ds-traffic"], await world.NowAsync(), renews: null);
        var open = await SealedWorkspaceTests.AuthorizeAsync(api, openUnit, notice, ["ds-traffic"], await world.NowAsync(), renews: null);
        var closedLogin = await SealedWorkspaceTests.CredentialsAsync(api, closed, closedUnit);
        var openLogin = await SealedWorkspaceTests.CredentialsAsync(api, open, openUnit);
        Assert.Equal(200, (await api.PostAsync($"/v1/authorizations/{closed}/suspend", "supervisor", new { reason = "breach" })).Status);

        dataServer.StopServer();
        Reply catalogued, credentials;
        try
        {
            catalogued = await api.PutAsync($"/v1/domains/{domain}/datasets/ds-new", "authority", Scenarios.Dataset("New", "public_data.traffic_flow"));
            credentials = await api.PostAsync($"/v1/workspaces/{open}/credentials", "unit", new { }, unit: openUnit);
        }
        finally
        {
            dataServer.StartServer();
        }

        Assert.Equal((503, "storage-unavailable"), (catalogued.Status, catalogued.Code));
        Assert.Equal((503, "storage-unavailable"), (credentials.Status, credentials.Code));
        var catalogue = await api.GetAsync($"/v1/domains/{domain}/datasets", "auditor");
        Assert.DoesNotContain(catalogue.Json.GetProperty("items").EnumerateArray(), d => d.GetProperty("id").GetString() == "ds-new");
        Assert.Equal("28000", (await Assert.ThrowsAsync<PostgresException>(async () => await SealedWorkspaceTests.OpenAsync(closedLogin))).SqlState);
        // The refused rotation changed nothing: the password issued before the outage still logs in.
        await using var session = await SealedWorkspaceTests.OpenAsync(openLogin);
        await cluster.StopAllSilosAsync();
        dataServer.StopServer();
    }
}
