using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Domains.Tests.Fixtures;
using Npgsql;

namespace Domains.Tests.Api;

/// <summary>
/// A command whose grain call outlives the API's response timeout (its state row is held by a lock)
/// answers 504 outcome-unknown; the command still completes, and a retry with the same
/// Idempotency-Key replays its answer without applying it twice.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class OutcomeUnknownTests(StackFixture stack)
{
    [Fact]
    public async Task CommandOutlivingTheResponseTimeout_Is504OutcomeUnknown_AndItsRetryWithTheSameKeyAppliesOnce()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var tokens = new Tokens(key);
        await using var api = await ApiHost.StartAsync(stack.Database.Api, stack.Cluster.Options.ClusterId, key,
            new Dictionary<string, string?> { ["Orleans:ResponseTimeout"] = "00:00:02" });
        var id = Ids.New("dom");
        Assert.Equal(201, (int)(await SendAsync(api, tokens, HttpMethod.Put, $"/v1/domains/{id}", "authority",
            new { name = "n", level = "city", regionCode = "350100", standardVersion = "v1" })).StatusCode);

        HttpResponseMessage first;
        await using (var db = NpgsqlDataSource.Create(stack.ConnectionString))
        await using (var connection = await db.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await using (var lockRow = new NpgsqlCommand(
                "SELECT 1 FROM orleansstorage WHERE graintypestring = 'domain' AND grainidextensionstring LIKE '%' || @id FOR UPDATE", connection, tx))
            {
                lockRow.Parameters.AddWithValue("id", id);
                Assert.NotNull(await lockRow.ExecuteScalarAsync());
            }

            first = await SendAsync(api, tokens, HttpMethod.Post, $"/v1/domains/{id}/built", "automation", new { }, "built-1");
            await tx.RollbackAsync();
        }
        var retry = await SendAsync(api, tokens, HttpMethod.Post, $"/v1/domains/{id}/built", "automation", new { }, "built-1");
        var audit = JsonDocument.Parse(await (await SendAsync(api, tokens, HttpMethod.Get, $"/v1/audit?entity=domain/{id}", "auditor")).Content.ReadAsStringAsync());

        Assert.Equal(504, (int)first.StatusCode);
        Assert.Equal("outcome-unknown", JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        Assert.Equal(200, (int)retry.StatusCode);
        Assert.Equal("awaiting-acceptance", JsonDocument.Parse(await retry.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString());
        Assert.Equal(["register", "report-built"], audit.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }

    private static Task<HttpResponseMessage> SendAsync(ApiHost api, Tokens tokens, HttpMethod method, string path, string role, object? body = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue(role));
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (body is not null) request.Content = JsonContent.Create(body);
        return api.Http.SendAsync(request);
    }
}
