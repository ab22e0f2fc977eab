using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Domains.Grains.Drivers;
using Domains.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Domains.Tests.Drivers;

public sealed class WebhookWorkspaceDriverTests(WebhookReceiver receiver) : IClassFixture<WebhookReceiver>, IAsyncLifetime
{
    private const string Secret = "test-secret-0123456789abcdef";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly List<ServiceProvider> _providers = [];

    private static readonly WorkspaceTarget Target = new("auth-1", "auth-1", "91350100M000100Y43", "domain-fz", ["ds-traffic", "ds-weather"]);

    private IWorkspaceDriver Driver(Uri url, Action<WebhookDriverOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.Configure<WorkspaceOptions>(options =>
        {
            options.Driver = "webhook";
            options.Webhook.Url = url.ToString();
            options.Webhook.Secret = Secret;
            // Short enough that a test spends milliseconds in backoff, long enough for a loopback round trip.
            options.Webhook.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            options.Webhook.RetryMaxDelay = TimeSpan.FromMilliseconds(50);
            options.Webhook.RequestTimeout = TimeSpan.FromSeconds(5);
            options.Webhook.AttemptBudget = TimeSpan.FromSeconds(10);
            configure?.Invoke(options.Webhook);
        });
        services.AddWebhookWorkspaceDriver();
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<IWorkspaceDriver>();
    }

    [Fact]
    public async Task Suspend_SignsTheTimestampAndTheRawBodyWithTheSecret()
    {
        var hook = receiver.NewHook();

        await Driver(hook.Url).SuspendAsync(Target).WaitAsync(Bound);

        var request = Assert.Single(hook.Requests);
        Assert.True(request.IsSignedWith(Secret, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow));
        var bodyOnly = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), request.Body));
        Assert.NotEqual(bodyOnly, request.Signature);
    }

    [Fact]
    public async Task Suspend_ReplayedLater_FailsTheReceiversTimestampCheck()
    {
        var hook = receiver.NewHook();

        await Driver(hook.Url).SuspendAsync(Target).WaitAsync(Bound);

        var captured = Assert.Single(hook.Requests);
        Assert.True(captured.IsSignedWith(Secret, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow));
        Assert.False(captured.IsSignedWith(Secret, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow.AddMinutes(10)));
        var restamped = captured with { Timestamp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) };
        Assert.False(restamped.IsSignedWith(Secret, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow.AddMinutes(10)));
    }

    [Fact]
    public async Task Commands_CarryTheWorkspaceVersion_SoAutomationCanDropAStaleOne()
    {
        var hook = receiver.NewHook();
        var driver = Driver(hook.Url);

        await driver.SuspendAsync(Target with { Version = 7 }).WaitAsync(Bound);
        await driver.ReinstateAsync(Target with { Version = 8 }).WaitAsync(Bound);

        Assert.Equal([7L, 8L], hook.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("workspaceVersion").GetInt64()));
    }

    [Fact]
    public async Task Suspend_PostsTheCommandWithItsTarget()
    {
        var hook = receiver.NewHook();
        var before = DateTimeOffset.UtcNow;

        await Driver(hook.Url).SuspendAsync(Target).WaitAsync(Bound);

        var request = Assert.Single(hook.Requests);
        Assert.StartsWith("application/json", request.ContentType);
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal(request.CommandId, root.GetProperty("id").GetString());
        Assert.Equal("suspend", root.GetProperty("command").GetString());
        Assert.Equal(Target.WorkspaceId, root.GetProperty("workspaceId").GetString());
        Assert.Equal(Target.ResourceKey, root.GetProperty("resourceKey").GetString());
        Assert.Equal(Target.UnitId, root.GetProperty("unitId").GetString());
        Assert.Equal(Target.DomainId, root.GetProperty("domainId").GetString());
        Assert.Equal(Target.Datasets, root.GetProperty("datasets").EnumerateArray().Select(d => d.GetString()!));
        Assert.InRange(root.GetProperty("sentAt").GetDateTimeOffset(), before, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task CommandId_IsStableAcrossRepeatsOfOneCommand()
    {
        var hook = receiver.NewHook();
        var driver = Driver(hook.Url);

        await driver.CloseAsync(Target).WaitAsync(Bound);
        await driver.CloseAsync(Target).WaitAsync(Bound);

        Assert.Equal(2, hook.Requests.Count);
        Assert.False(string.IsNullOrEmpty(hook.Requests[0].CommandId));
        Assert.Equal(hook.Requests[0].CommandId, hook.Requests[1].CommandId);
    }

    [Fact]
    public async Task CommandId_DiffersBetweenCommandsAndResourceKeys()
    {
        var hook = receiver.NewHook();
        var driver = Driver(hook.Url);

        await driver.SuspendAsync(Target).WaitAsync(Bound);
        await driver.ReinstateAsync(Target).WaitAsync(Bound);
        await driver.SuspendAsync(Target with { ResourceKey = "auth-0" }).WaitAsync(Bound);

        Assert.Equal(3, hook.Requests.Select(r => r.CommandId).Distinct().Count());
    }

    [Fact]
    public async Task Suspend_AfterTwoServerErrors_IsAcknowledgedOnTheThirdAttempt()
    {
        var hook = receiver.NewHook();
        hook.AnswerNext(2, 500);

        await Driver(hook.Url).SuspendAsync(Target).WaitAsync(Bound);

        Assert.Equal(3, hook.Requests.Count);
        Assert.Single(hook.Requests.Select(r => r.CommandId).Distinct());
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(503)]
    public async Task Close_AfterATransientStatus_IsRetried(int status)
    {
        var hook = receiver.NewHook();
        hook.AnswerNext(1, status);

        await Driver(hook.Url).CloseAsync(Target).WaitAsync(Bound);

        Assert.Equal(2, hook.Requests.Count);
    }

    [Fact]
    public async Task Suspend_WhenAutomationAlwaysFails_ThrowsOnceTheBudgetIsSpent()
    {
        var hook = receiver.NewHook();
        hook.AnswerAlways(500);
        var driver = Driver(hook.Url, o => o.AttemptBudget = TimeSpan.FromMilliseconds(500));

        var error = await Assert.ThrowsAsync<WebhookCommandException>(() => driver.SuspendAsync(Target).WaitAsync(Bound));

        Assert.Equal("suspend", error.Command);
        Assert.Null(error.StatusCode);
        Assert.True(hook.Requests.Count >= 2, $"{hook.Requests.Count} attempts within the budget");
    }

    [Fact]
    public async Task Close_WhenAutomationIsUnreachable_ThrowsOnceTheBudgetIsSpent()
    {
        var closedPort = new Uri($"http://127.0.0.1:{UnusedPort()}/hooks/none");
        var driver = Driver(closedPort, o => o.AttemptBudget = TimeSpan.FromMilliseconds(500));

        var error = await Assert.ThrowsAsync<WebhookCommandException>(() => driver.CloseAsync(Target).WaitAsync(Bound));

        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task Suspend_RefusedWith400_IsNotRetriedAndThrows()
    {
        var hook = receiver.NewHook();
        hook.AnswerAlways(400);

        var error = await Assert.ThrowsAsync<WebhookCommandException>(() => Driver(hook.Url).SuspendAsync(Target).WaitAsync(Bound));

        Assert.Single(hook.Requests);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("400", error.Message);
    }

    [Fact]
    public async Task Provision_IsConfirmedLater_AndAnswersNull()
    {
        var hook = receiver.NewHook();

        var resources = await Driver(hook.Url).ProvisionAsync(Target).WaitAsync(Bound);

        Assert.Null(resources);
        Assert.Equal("provision", CommandOf(Assert.Single(hook.Requests)));
    }

    [Fact]
    public async Task DeleteData_IsConfirmedLater_AndAnswersNull()
    {
        var hook = receiver.NewHook();

        var certificate = await Driver(hook.Url).DeleteDataAsync(Target).WaitAsync(Bound);

        Assert.Null(certificate);
        Assert.Equal("delete-data", CommandOf(Assert.Single(hook.Requests)));
    }

    [Fact]
    public async Task PurgeLogs_IsConfirmedLater_AndAnswersFalse()
    {
        var hook = receiver.NewHook();

        var purged = await Driver(hook.Url).PurgeLogsAsync(Target).WaitAsync(Bound);

        Assert.False(purged);
        Assert.Equal("purge-logs", CommandOf(Assert.Single(hook.Requests)));
    }

    [Fact]
    public void Name_IsWebhook()
    {
        Assert.Equal("webhook", Driver(receiver.NewHook().Url).Name);
    }

    [Theory]
    [InlineData("/hooks/relative", Secret)]
    [InlineData("ftp://127.0.0.1/hooks", Secret)]
    [InlineData("http://127.0.0.1/hooks", "too-short")]
    [InlineData("http://127.0.0.1/hooks", null)]
    public void Construction_WithAnInvalidUrlOrSecret_Throws(string url, string? secret)
    {
        var services = new ServiceCollection();
        services.Configure<WorkspaceOptions>(options =>
        {
            options.Webhook.Url = url;
            options.Webhook.Secret = secret;
        });
        services.AddWebhookWorkspaceDriver();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IWorkspaceDriver>());

        if (secret is not null) Assert.DoesNotContain(secret, error.Message);
    }

    private static string? CommandOf(WebhookReceiver.Received request)
    {
        using var body = JsonDocument.Parse(request.Body);
        return body.RootElement.GetProperty("command").GetString();
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers) await provider.DisposeAsync();
    }
}
