using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Authorizations;
using Domains.GrainInterfaces.Clock;
using Domains.GrainInterfaces.Delivery;
using Domains.GrainInterfaces.Webhooks;
using Domains.GrainInterfaces.Workspaces;
using Domains.Tests.Fixtures;
using Npgsql;
using Orleans.TestingHost;

namespace Domains.Tests.Grains;

/// <summary>
/// Notice webhooks against a local receiver, in real time with short settings: a cluster and a
/// database of their own. Each test subscribes to a kind no other test here produces, and each webhook
/// posts to a hook of its own, so the tests only ever see their own notices.
/// </summary>
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private const string Secret = "notice-webhook-secret-7c41f0d2";
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly WebhookReceiver _receiver = new();
    private TestCluster _cluster = null!;
    private string _connectionString = "";

    private IGrainFactory Grains => _cluster.Client;

    public async Task InitializeAsync()
    {
        await _receiver.InitializeAsync();
        var automation = _receiver.NewHook();
        var database = PostgresServer.Instance.CreateDatabase("hooks");
        _connectionString = database.Admin;
        _cluster = await TestClusters.StartAsync(database, silos: 1, settings: new Dictionary<string, string>
        {
            // Workspaces with the webhook driver wait for automation, so the provisioning timeout can fire.
            ["Workspaces:Driver"] = "webhook",
            ["Workspaces:Webhook:Url"] = automation.Url.ToString(),
            ["Workspaces:Webhook:Secret"] = "automation-shared-secret-0123456789",
            ["Webhooks:PollInterval"] = "00:00:00.200",
            ["Webhooks:RetryBaseDelay"] = "00:00:00.100",
            ["Webhooks:RetryMaxDelay"] = "00:00:00.400",
            ["Webhooks:MaxAge"] = MaxAge.ToString(),
            ["Webhooks:RequestTimeout"] = "00:00:02",
            // The receiver listens on loopback http; production refuses both (WebhookAddressRefusalTests).
            ["Webhooks:AllowHttp"] = "true",
            ["Webhooks:AllowPrivateAddresses"] = "true",
            ["Webhooks:SecretKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task ProvisioningFailure_AfterRegistration_IsPostedSignedWithItsNoticeId_AndOneBeforeItIsNot()
    {
        var hook = _receiver.NewHook();
        var before = await FailProvisioningAsync();
        var webhook = await RegisterAsync(hook, "provisioning-failed");

        var after = await FailProvisioningAsync();

        var deliveries = await Polling.UntilAsync(() => DeliveriesAsync(webhook), d => d.Count(x => x.State == DeliveryState.Delivered) == 2,
            Limit, "both notices of the failure delivered");
        var expected = await NoticeIdsAsync($"workspace/{after}");
        Assert.Equal(2, expected.Count);
        Assert.Equal(expected.Order(), deliveries.Select(d => d.NoticeId).Order());
        Assert.All(deliveries, d => Assert.Equal(200, Assert.Single(d.Attempts).StatusCode));
        Assert.Equal(expected.Order(), hook.Requests.Select(r => r.NoticeId!).Order());
        foreach (var request in hook.Requests)
        {
            var body = JsonDocument.Parse(request.Body).RootElement;
            Assert.True(request.IsSignedWith(Secret, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow), "signed over timestamp and body");
            Assert.Equal(request.NoticeId, body.GetProperty("id").GetString());
            Assert.Equal("provisioning-failed", body.GetProperty("kind").GetString());
            Assert.Equal($"workspace/{after}", body.GetProperty("entity").GetString());
            Assert.Equal(["id", "kind", "recipient", "entity", "at", "subject"], body.EnumerateObject().Select(p => p.Name));
            Assert.StartsWith("application/json", request.ContentType);
        }
        Assert.DoesNotContain(hook.Requests, r => r.Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(before)) >= 0);
    }

    [Fact]
    public async Task ReceiverFailingTwice_GetsThreeAttempts_AllRecorded_AndTheDeliveryEndsDelivered()
    {
        var hook = _receiver.NewHook();
        hook.AnswerNext(2, 500);
        var webhook = await RegisterAsync(hook, "unit-incident");
        await InsertNoticeAsync("report-due");

        var notice = await InsertNoticeAsync("unit-incident");

        var delivery = await Polling.UntilAsync(() => DeliveryAsync(webhook, notice), d => d?.State == DeliveryState.Delivered,
            Limit, "the delivery acknowledged");
        Assert.Equal([500, 500, 200], delivery!.Attempts.Select(a => a.StatusCode));
        Assert.Equal([1, 2, 3], delivery.Attempts.Select(a => a.Attempt));
        Assert.True(delivery.Attempts.Zip(delivery.Attempts.Skip(1)).All(pair => pair.First.At < pair.Second.At));
        Assert.Equal(["http-5xx", "http-5xx", null], delivery.Attempts.Select(a => a.Error));
        Assert.NotNull(delivery.CompletedAt);
        Assert.Null(delivery.NextAttemptAt);
        Assert.Single(await DeliveriesAsync(webhook));
        Assert.Equal(3, hook.Requests.Count);
        Assert.All(hook.Requests, r => Assert.Equal(notice, r.NoticeId));
        Assert.Single(hook.Requests.Select(r => Convert.ToBase64String(r.Body)).Distinct());
    }

    [Fact]
    public async Task ReceiverThatAlwaysFails_EndsFailed_OnceTheMaximumAgeHasPassed_WithEveryAttemptVisible()
    {
        var hook = _receiver.NewHook();
        hook.AnswerAlways(500);
        var webhook = await RegisterAsync(hook, "report-overdue");

        var notice = await InsertNoticeAsync("report-overdue");

        var delivery = await Polling.UntilAsync(() => DeliveryAsync(webhook, notice), d => d?.State == DeliveryState.Failed,
            Limit, "the delivery given up");
        Assert.True(delivery!.Attempts.Count >= 2);
        Assert.All(delivery.Attempts, a => Assert.Equal(500, a.StatusCode));
        Assert.True(delivery.CompletedAt - delivery.QueuedAt >= MaxAge);
        Assert.Null(delivery.NextAttemptAt);
        var failed = await Grains.GetGrain<IWebhookGrain>(webhook).ListDeliveriesAsync(new DeliveryQuery(0, 10, DeliveryState.Failed));
        Assert.Equal(notice, Assert.Single(failed!.Items).NoticeId);
        Assert.Empty((await Grains.GetGrain<IWebhookGrain>(webhook).ListDeliveriesAsync(new DeliveryQuery(0, 10, DeliveryState.Pending)))!.Items);
    }

    [Fact]
    public async Task ReceiverRefusingConnections_IsRecordedAsConnectionFailed_NotWithTheExceptionsText()
    {
        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var id = Ids.New("hook");
        await Grains.GetGrain<IWebhookGrain>(id).RegisterAsync(
            new WebhookDefinition($"http://127.0.0.1:{port}/gone", ["correction-overdue"], Secret), Contexts.Authority());

        var notice = await InsertNoticeAsync("correction-overdue");

        var delivery = await Polling.UntilAsync(() => DeliveryAsync(id, notice), d => d is { Attempts.Count: > 0 },
            Limit, "an attempt recorded");
        Assert.Equal(("connection-failed", (int?)null), (delivery!.Attempts[0].Error, delivery.Attempts[0].StatusCode));
    }

    [Fact]
    public async Task Secret_IsSealedInGrainState_NeverStoredInClear()
    {
        var hook = _receiver.NewHook();

        var webhook = await RegisterAsync(hook, "authorization-expired");

        await using var db = NpgsqlDataSource.Create(_connectionString);
        await using var cmd = db.CreateCommand(
            "SELECT convert_from(payloadbinary, 'UTF8') FROM orleansstorage WHERE graintypestring = 'webhook' AND grainidextensionstring LIKE '%' || @id");
        cmd.Parameters.AddWithValue("id", webhook);
        var stored = (string)(await cmd.ExecuteScalarAsync())!;
        Assert.DoesNotContain(Secret, stored);
        Assert.Contains("\"sealedSecret\":\"v1.", stored);
        Assert.True((await Grains.GetGrain<IWebhookGrain>(webhook).GetAsync())!.SecretSet);
    }

    [Fact]
    public async Task DisabledWebhook_QueuesNothing_AndOnceEnabled_PostsOnlyNoticesFromThenOn()
    {
        var hook = _receiver.NewHook();
        var webhook = await RegisterAsync(hook, "deletion-overdue");
        var grain = Grains.GetGrain<IWebhookGrain>(webhook);

        var disabled = await grain.DisableAsync(Contexts.Authority());
        var whileDisabled = await InsertNoticeAsync("deletion-overdue");
        var enabled = await grain.EnableAsync(Contexts.Authority());
        var afterwards = await InsertNoticeAsync("deletion-overdue");

        Assert.Equal(WebhookStatus.Disabled, disabled.Value!.State);
        Assert.Equal(WebhookStatus.Active, enabled.Value!.State);
        await Polling.UntilAsync(() => DeliveryAsync(webhook, afterwards), d => d?.State == DeliveryState.Delivered,
            Limit, "the notice after enabling delivered");
        Assert.Equal([afterwards], (await DeliveriesAsync(webhook)).Select(d => d.NoticeId));
        Assert.DoesNotContain(hook.Requests, r => r.NoticeId == whileDisabled);
    }

    [Fact]
    public async Task EnablingWhileAnOlderTransactionRuns_StillSkipsNoticesCommittedBeforeIt()
    {
        var hook = _receiver.NewHook();
        var webhook = await RegisterAsync(hook, "deletion-overdue");
        var grain = Grains.GetGrain<IWebhookGrain>(webhook);
        await grain.DisableAsync(Contexts.Authority());

        // A transaction older than the notice below stays open across the enabling, as a slow writer's would.
        await using var db = NpgsqlDataSource.Create(_connectionString);
        await using var older = await db.OpenConnectionAsync();
        await using var open = await older.BeginTransactionAsync();
        await using (var xid = new NpgsqlCommand("SELECT pg_current_xact_id()", older, open)) await xid.ExecuteScalarAsync();
        var whileDisabled = await InsertNoticeAsync("deletion-overdue");
        await grain.EnableAsync(Contexts.Authority());
        var afterwards = await InsertNoticeAsync("deletion-overdue");
        await open.CommitAsync();

        await Polling.UntilAsync(() => DeliveryAsync(webhook, afterwards), d => d?.State == DeliveryState.Delivered,
            Limit, "the notice after enabling delivered");
        Assert.Equal([afterwards], (await DeliveriesAsync(webhook)).Select(d => d.NoticeId));
        Assert.DoesNotContain(hook.Requests, r => r.NoticeId == whileDisabled);
    }

    private async Task<string> RegisterAsync(WebhookReceiver.Hook hook, params string[] kinds)
    {
        var id = Ids.New("hook");
        var result = await Grains.GetGrain<IWebhookGrain>(id).RegisterAsync(new WebhookDefinition(hook.Url.ToString(), kinds, Secret), Contexts.Authority());
        Assert.True(result.Created);
        return id;
    }

    /// <summary>A real transition: a workspace whose provisioning automation never confirms, past its timeout.</summary>
    private async Task<string> FailProvisioningAsync()
    {
        var clock = Grains.GetGrain<IBusinessClockGrain>(0);
        var now = (await clock.GetStatusAsync()).Now;
        var id = Ids.New("auth");
        var workspace = Grains.GetGrain<IWorkspaceGrain>(id);
        await workspace.SyncAsync(new AuthorizationAccess(id, 1, AuthorizationStatus.Active, "UNIT-1", "dom-x", ["ds-1"], new Term(now, now.AddYears(1)), null));
        Assert.True((await clock.AdvanceToAsync(now.AddMinutes(61), Contexts.Authority())).IsSuccess);
        Assert.Equal(WorkspaceStatus.ProvisioningFailed, (await workspace.GetAsync(Actor.System))!.State);
        return id;
    }

    /// <summary>A notice written straight into the inbox table, as an entity grain's outbox would.</summary>
    private async Task<string> InsertNoticeAsync(string kind)
    {
        var id = Ids.New("notice");
        await using var db = NpgsqlDataSource.Create(_connectionString);
        await using var cmd = db.CreateCommand(
            "INSERT INTO notifications (id, kind, recipient, entity, at, subject) VALUES (@id, @kind, 'supervisors', @entity, now(), 'test notice')");
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("kind", kind);
        cmd.Parameters.AddWithValue("entity", $"unit/{id}");
        await cmd.ExecuteNonQueryAsync();
        return id;
    }

    private async Task<List<string>> NoticeIdsAsync(string entity)
    {
        await using var db = NpgsqlDataSource.Create(_connectionString);
        await using var cmd = db.CreateCommand("SELECT id FROM notifications WHERE entity = @entity");
        cmd.Parameters.AddWithValue("entity", entity);
        var ids = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return ids;
    }

    private async Task<IReadOnlyList<NoticeDeliveryView>> DeliveriesAsync(string webhook) =>
        (await Grains.GetGrain<IWebhookGrain>(webhook).ListDeliveriesAsync(new DeliveryQuery(0, 100)))!.Items;

    private async Task<NoticeDeliveryView?> DeliveryAsync(string webhook, string noticeId) =>
        (await DeliveriesAsync(webhook)).SingleOrDefault(d => d.NoticeId == noticeId);
}
