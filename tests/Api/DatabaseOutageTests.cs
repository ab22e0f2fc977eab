using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Domains.Tests.Fixtures;

namespace Domains.Tests.Api;

/// <summary>
/// PostgreSQL stopped under a running cluster and API (a server of this test's own): commands answer
/// 503 storage-unavailable with Retry-After and change nothing, reads of active grains go on, and when
/// the server is back the same command succeeds without restarting anything.
/// </summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task DatabaseDown_CommandsAre503StorageUnavailable_ActiveReadsContinue_AndTheSystemRecoversWithoutARestart()
    {
        var server = PostgresServer.StartPrivate();
        var database = server.CreateDatabase("outage");
        await using var cluster = await TestClusters.StartAsync(database, silos: 1);
        var key = RandomNumberGenerator.GetBytes(32);
        await using var api = await ApiHost.StartAsync(database.Api, cluster.Options.ClusterId, key);
        var tokens = new Tokens(key);
        var id = Ids.New("dom");
        var definition = new { name = "n", level = "city", regionCode = "350100", standardVersion = "v1" };
        Assert.Equal(201, (int)(await SendAsync(api, tokens, HttpMethod.Put, $"/v1/domains/{id}", "authority", definition)).StatusCode);
        Assert.Equal(200, (int)(await SendAsync(api, tokens, HttpMethod.Get, $"/v1/domains/{id}", "auditor")).StatusCode);
        var active = Ids.New("dom");
        await SendAsync(api, tokens, HttpMethod.Put, $"/v1/domains/{active}", "authority", definition);
        var before = await (await SendAsync(api, tokens, HttpMethod.Get, $"/v1/domains/{active}", "auditor")).Content.ReadAsStringAsync();

        server.StopServer();
        try
        {
            var command = await SendAsync(api, tokens, HttpMethod.Post, $"/v1/domains/{id}/built", "automation", new { });
            var problem = JsonDocument.Parse(await command.Content.ReadAsStringAsync()).RootElement;
            var read = await SendAsync(api, tokens, HttpMethod.Get, $"/v1/domains/{active}", "auditor");
            var ready = await api.Http.GetAsync("/readyz");

            Assert.Equal(503, (int)command.StatusCode);
            Assert.Equal("application/problem+json", command.Content.Headers.ContentType?.MediaType);
            Assert.Equal("storage-unavailable", problem.GetProperty("code").GetString());
            Assert.NotNull(command.Headers.RetryAfter);
            Assert.Equal(200, (int)read.StatusCode);
            Assert.Equal(before, await read.Content.ReadAsStringAsync());
            Assert.Equal(503, (int)ready.StatusCode);
        }
        finally
        {
            server.StartServer();
        }

        HttpResponseMessage? recovered = null;
        for (var attempt = 0; attempt < 60 && recovered?.IsSuccessStatusCode != true; attempt++)
        {
            if (attempt > 0) await Task.Delay(250);
            recovered = await SendAsync(api, tokens, HttpMethod.Post, $"/v1/domains/{id}/built", "automation", new { });
        }
        Assert.Equal(200, (int)recovered!.StatusCode);
        var after = JsonDocument.Parse(await (await SendAsync(api, tokens, HttpMethod.Get, $"/v1/domains/{id}", "auditor")).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("awaiting-acceptance", after.GetProperty("state").GetString());
        Assert.Equal(2, after.GetProperty("version").GetInt64());
        await cluster.StopAllSilosAsync();
        server.StopServer();
    }

    [Fact]
    public async Task DatabaseDown_EntitiesNotInMemory_Are503StorageUnavailable_NotInternalErrors()
    {
        var server = PostgresServer.StartPrivate();
        var database = server.CreateDatabase("cold");
        await using var cluster = await TestClusters.StartAsync(database, silos: 1);
        var key = RandomNumberGenerator.GetBytes(32);
        await using var api = await ApiHost.StartAsync(database.Api, cluster.Options.ClusterId, key);
        var tokens = new Tokens(key);
        var definition = new { name = "n", level = "city", regionCode = "350100", standardVersion = "v1" };
        var existing = Ids.New("dom");
        Assert.Equal(201, (int)(await SendAsync(api, tokens, HttpMethod.Put, $"/v1/domains/{existing}", "authority", definition)).StatusCode);
        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        server.StopServer();
        HttpResponseMessage created, read;
        try
        {
            created = await SendAsync(api, tokens, HttpMethod.Put, $"/v1/domains/{Ids.New("dom")}", "authority", definition);
            read = await SendAsync(api, tokens, HttpMethod.Get, $"/v1/domains/{existing}", "auditor");
        }
        finally
        {
            server.StartServer();
        }

        foreach (var reply in new[] { created, read })
        {
            Assert.Equal(503, (int)reply.StatusCode);
            Assert.Equal("storage-unavailable", JsonDocument.Parse(await reply.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
            Assert.NotNull(reply.Headers.RetryAfter);
        }
        await cluster.StopAllSilosAsync();
        server.StopServer();
    }

    /// <summary>
    /// Each read path is warmed (its pool holds connections), PostgreSQL restarts, and the very first read
    /// after it answers: a connection the restart cut is not handed out to fail the caller.
    /// </summary>
    [Fact]
    public async Task DatabaseRestarted_TheFirstReadOfEveryPath_Answers()
    {
        var server = PostgresServer.StartPrivate();
        var database = server.CreateDatabase("restart");
        await using var cluster = await TestClusters.StartAsync(database, silos: 1);
        var key = RandomNumberGenerator.GetBytes(32);
        await using var api = await ApiHost.StartAsync(database.Api, cluster.Options.ClusterId, key);
        var tokens = new Tokens(key);
        var domain = Ids.New("dom");
        var hook = Ids.New("hook");
        Assert.Equal(201, (int)(await SendAsync(api, tokens, HttpMethod.Put, $"/v1/domains/{domain}", "authority",
            new { name = "n", level = "city", regionCode = "350100", standardVersion = "v1" })).StatusCode);
        Assert.Equal(201, (int)(await SendAsync(api, tokens, HttpMethod.Put, $"/v1/webhooks/{hook}", "authority",
            new { url = "http://127.0.0.1:9/notices", kinds = new[] { "product-reviewed" }, secret = "a-secret-of-enough-length-0123456789" })).StatusCode);
        string[] reads =
        [
            // First: the entity read goes through grain storage, which reads only when the grain activates.
            $"/v1/domains/{domain}",
            $"/v1/audit?entity=domain/{domain}",
            "/v1/authorizations",
            "/v1/public/notices",
            "/v1/deadlines?before=2999-01-01T00:00:00Z",
            "/v1/inbox?recipient=authority",
            $"/v1/webhooks/{hook}/deliveries",
        ];
        var failures = new List<string>();

        foreach (var path in reads)
        {
            for (var i = 0; i < 3; i++) Assert.Equal(200, (int)(await SendAsync(api, tokens, HttpMethod.Get, path, "authority")).StatusCode);
            if (path == reads[0]) await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            server.StopServer();
            server.StartServer();

            var first = await SendAsync(api, tokens, HttpMethod.Get, path, "authority");
            if (first.StatusCode != System.Net.HttpStatusCode.OK)
            {
                var problem = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
                failures.Add($"{path}: {(int)first.StatusCode} {problem.GetProperty("code").GetString()}");
            }
        }

        Assert.Empty(failures);
        await cluster.StopAllSilosAsync();
        server.StopServer();
    }

    private static Task<HttpResponseMessage> SendAsync(ApiHost api, Tokens tokens, HttpMethod method, string path, string role, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue(role));
        if (body is not null) request.Content = JsonContent.Create(body);
        return api.Http.SendAsync(request);
    }
}
