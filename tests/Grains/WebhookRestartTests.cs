using Domains.GrainInterfaces.Delivery;
using Domains.GrainInterfaces.Webhooks;
using Domains.Tests.Fixtures;
using Npgsql;

namespace Domains.Tests.Grains;

/// <summary>
/// Notice webhooks across a whole-cluster restart, on a database of their own: deliveries pending when
/// every silo stops, and notices written while none runs, all reach the receiver once it recovers.
/// </summary>
public sealed class WebhookRestartTests : IAsyncLifetime
{
    private const string Secret = "restart-webhook-secret-3b8e61f0";

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Webhooks:PollInterval"] = "00:00:00.200",
        ["Webhooks:RetryBaseDelay"] = "00:00:00.100",
        ["Webhooks:RetryMaxDelay"] = "00:00:00.500",
        ["Webhooks:MaxAge"] = "00:10:00",
        ["Webhooks:AllowHttp"] = "true",
        ["Webhooks:AllowPrivateAddresses"] = "true",
    };

    private readonly WebhookReceiver _receiver = new();

    public Task InitializeAsync() => _receiver.InitializeAsync();

    public Task DisposeAsync() => _receiver.DisposeAsync();

    [Fact]
    public async Task WholeClusterRestart_WithDeliveriesPending_DeliversEveryNotice_ExactlyOnceAfterDeduplication()
    {
        var hook = _receiver.NewHook();
        hook.AnswerAlways(503);
        var database = PostgresServer.Instance.CreateDatabase("hookrestart");
        var connectionString = database.Admin;
        var webhookId = Ids.New("hook");
        var expected = new List<string>();

        await using (var first = await TestClusters.StartAsync(database, silos: 1, settings: Settings))
        {
            var webhook = first.Client.GetGrain<IWebhookGrain>(webhookId);
            await webhook.RegisterAsync(new WebhookDefinition(hook.Url.ToString(), ["correction-ordered"], Secret), Contexts.Authority());
            for (var i = 0; i < 10; i++) expected.Add(await InsertNoticeAsync(connectionString));
            await Polling.UntilAsync(async () => (await webhook.ListDeliveriesAsync(new DeliveryQuery(0, 100)))!.Items,
                items => items.Count == expected.Count && items.All(d => d.State == DeliveryState.Pending && d.Attempts.Count > 0),
                TimeSpan.FromSeconds(30), "every notice queued and attempted at least once");
            await first.StopAllSilosAsync();
        }

        for (var i = 0; i < 5; i++) expected.Add(await InsertNoticeAsync(connectionString));
        hook.AnswerAlways(200);
        await using var second = await TestClusters.StartAsync(database, silos: 1, settings: Settings);

        // Only the receiver is watched: nothing here activates the webhook, its reminder must.
        var received = await Polling.UntilAsync(() => hook.Requests.Where(r => r.Status == 200).Select(r => r.NoticeId!).ToList(),
            ids => ids.Distinct().Count() >= expected.Count, TimeSpan.FromSeconds(60), "every notice acknowledged after the restart");
        Assert.Equal(expected.Order(), received.Distinct().Order());
        Assert.All(hook.Requests, r => Assert.Contains(r.NoticeId, expected));
        var deliveries = await Polling.UntilAsync(
            async () => (await second.Client.GetGrain<IWebhookGrain>(webhookId).ListDeliveriesAsync(new DeliveryQuery(0, 100)))!.Items,
            items => items.All(d => d.State == DeliveryState.Delivered), TimeSpan.FromSeconds(10), "every acknowledgement recorded");
        Assert.Equal(expected.Order(), deliveries.Select(d => d.NoticeId).Order());
    }

    [Fact]
    public async Task SecretStoredInClear_BeforeAKeyWasConfigured_IsSealedAfterTheRestart_AndStillSigns()
    {
        var hook = _receiver.NewHook();
        var database = PostgresServer.Instance.CreateDatabase("hookseal");
        var connectionString = database.Admin;
        var webhookId = Ids.New("hook");
        await using (var first = await TestClusters.StartAsync(database, silos: 1, settings: Settings))
        {
            await first.Client.GetGrain<IWebhookGrain>(webhookId).RegisterAsync(
                new WebhookDefinition(hook.Url.ToString(), ["correction-ordered"], Secret), Contexts.Authority());
            Assert.Contains(Secret, await StoredStateAsync(connectionString, webhookId));
            await first.StopAllSilosAsync();
        }

        var keyed = new Dictionary<string, string>(Settings) { ["Webhooks:SecretKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) };
        await using var second = await TestClusters.StartAsync(database, silos: 1, settings: keyed);
        var notice = await InsertNoticeAsync(connectionString);

        var received = await Polling.UntilAsync(() => hook.Requests.FirstOrDefault(r => r.NoticeId == notice), r => r is not null,
            TimeSpan.FromSeconds(60), "the notice posted after the restart");
        Assert.True(received!.IsSignedWith(Secret, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow), "signed with the secret it had");
        var stored = await StoredStateAsync(connectionString, webhookId);
        Assert.DoesNotContain(Secret, stored);
        Assert.Contains("\"sealedSecret\":\"v1.", stored);
    }

    private static async Task<string> StoredStateAsync(string connectionString, string webhookId)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var cmd = db.CreateCommand(
            "SELECT convert_from(payloadbinary, 'UTF8') FROM orleansstorage WHERE graintypestring = 'webhook' AND grainidextensionstring LIKE '%' || @id");
        cmd.Parameters.AddWithValue("id", webhookId);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<string> InsertNoticeAsync(string connectionString)
    {
        var id = Ids.New("notice");
        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var cmd = db.CreateCommand(
            "INSERT INTO notifications (id, kind, recipient, entity, at, subject) VALUES (@id, 'correction-ordered', 'unit:X', @entity, now(), 'correct it')");
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("entity", $"authorization/{id}");
        await cmd.ExecuteNonQueryAsync();
        return id;
    }
}
