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

    private static Task<HttpResponseMessage> SendAsync(ApiHost api, Tokens tokens, HttpMethod method, string path, string role, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue(role));
        if (body is not null) request.Content = JsonContent.Create(body);
        return api.Http.SendAsync(request);
    }
}
