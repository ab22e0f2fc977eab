using System.Security.Cryptography;
using Domains.Tests.Fixtures;
using Npgsql;

namespace Domains.Tests.Grains;

/// <summary>
/// The domains' data server stopped under a running cluster and API (a data server of this test's own, the
/// controller's server up): commands that need it answer 503 storage-unavailable and change nothing, a suspension
/// is saved but answered 503 until the data server confirms its closed login (its retry then answers 200), and a
/// login closed before the outage is still closed after it.
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
        var (closedUnit, openUnit, laterUnit) = (await world.QualifiedUnitAsync(), await world.QualifiedUnitAsync(), await world.QualifiedUnitAsync());
        var closed = await SealedWorkspaceTests.AuthorizeAsync(api, closedUnit, notice, ["ds-traffic"], await world.NowAsync(), renews: null);
        var open = await SealedWorkspaceTests.AuthorizeAsync(api, openUnit, notice, ["ds-traffic"], await world.NowAsync(), renews: null);
        var closedLogin = await SealedWorkspaceTests.CredentialsAsync(api, closed, closedUnit);
        var openLogin = await SealedWorkspaceTests.CredentialsAsync(api, open, openUnit);
        var later = await SealedWorkspaceTests.AuthorizeAsync(api, laterUnit, notice, ["ds-traffic"], await world.NowAsync(), renews: null);
        var laterLogin = await SealedWorkspaceTests.CredentialsAsync(api, later, laterUnit);
        var suspendKey = Ids.New("key");
        Assert.Equal(200, (await api.PostAsync($"/v1/authorizations/{closed}/suspend", "supervisor", new { reason = "breach" })).Status);

        dataServer.StopServer();
        Reply catalogued, credentials, suspended;
        string? stateDuringOutage;
        try
        {
            catalogued = await api.PutAsync($"/v1/domains/{domain}/datasets/ds-new", "authority", Scenarios.Dataset("New", "public_data.traffic_flow"));
            credentials = await api.PostAsync($"/v1/workspaces/{open}/credentials", "unit", new { }, unit: openUnit);
            // A suspension the data server cannot confirm is decided and saved, but not acknowledged.
            suspended = await api.PostAsync($"/v1/authorizations/{later}/suspend", "supervisor", new { reason = "breach during the outage" }, idempotencyKey: suspendKey);
            stateDuringOutage = (await api.GetAsync($"/v1/authorizations/{later}")).Str("state");
        }
        finally
        {
            dataServer.StartServer();
        }

        Assert.Equal((503, "storage-unavailable"), (catalogued.Status, catalogued.Code));
        Assert.Equal((503, "storage-unavailable"), (credentials.Status, credentials.Code));
        Assert.Equal((503, "storage-unavailable"), (suspended.Status, suspended.Code));
        Assert.Equal("suspended", stateDuringOutage);
        // Once the data server is back, the caller's retry (same key) is answered when the login is closed.
        var acknowledged = await Polling.UntilAsync(
            () => api.PostAsync($"/v1/authorizations/{later}/suspend", "supervisor", new { reason = "breach during the outage" }, idempotencyKey: suspendKey),
            reply => reply.Status != 503, TimeSpan.FromMinutes(1), "the suspension's retry after the data server came back");
        Assert.Equal(200, acknowledged.Status);
        Assert.Equal("28000", (await Assert.ThrowsAsync<PostgresException>(async () => await SealedWorkspaceTests.OpenAsync(laterLogin))).SqlState);
        Assert.Equal("applied", (await api.GetAsync($"/v1/workspaces/{later}")).Str("enforcement"));
        var catalogue = await api.GetAsync($"/v1/domains/{domain}/datasets", "auditor");
        Assert.DoesNotContain(catalogue.Json.GetProperty("items").EnumerateArray(), d => d.GetProperty("id").GetString() == "ds-new");
        Assert.Equal("28000", (await Assert.ThrowsAsync<PostgresException>(async () => await SealedWorkspaceTests.OpenAsync(closedLogin))).SqlState);
        // The refused rotation changed nothing: the password issued before the outage still logs in.
        await using var session = await SealedWorkspaceTests.OpenAsync(openLogin);
        await cluster.StopAllSilosAsync();
        dataServer.StopServer();
    }
}
