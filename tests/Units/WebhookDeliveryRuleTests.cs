using Domains.Grains.Delivery;
using System.Reflection;
using System.Text.Json;
using Domains.GrainInterfaces.Delivery;
using Domains.GrainInterfaces.Webhooks;
using Domains.Grains.Webhooks;
using Domains.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ContractKinds = Domains.GrainInterfaces.Inbox.NotificationKinds;
using GrainKinds = Domains.Grains.Notifications.NotificationKinds;

namespace Domains.Tests.Units;

public sealed class WebhookDeliveryRuleTests
{
    private static readonly DateTimeOffset Queued = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly WebhookOptions Options = new()
    {
        MaxAge = TimeSpan.FromHours(24),
        RetryBaseDelay = TimeSpan.FromSeconds(10),
        RetryMaxDelay = TimeSpan.FromMinutes(30),
    };

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(8, 1280)]
    [InlineData(9, 1800)]
    [InlineData(500, 1800)]
    public void Backoff_DoublesFromTheBaseDelay_UpToTheCap_WithinItsJitterBand(int failedAttempts, int ceilingSeconds)
    {
        var lowest = DeliveryRetry.Backoff(failedAttempts, Options.RetryBaseDelay, Options.RetryMaxDelay, jitter: 0);
        var highest = DeliveryRetry.Backoff(failedAttempts, Options.RetryBaseDelay, Options.RetryMaxDelay, jitter: 0.999999);

        Assert.Equal(TimeSpan.FromSeconds(ceilingSeconds / 2.0), lowest);
        Assert.InRange(highest, TimeSpan.FromSeconds(ceilingSeconds * 0.999), TimeSpan.FromSeconds(ceilingSeconds));
    }

    [Fact]
    public void After_A2xx_IsDelivered_AndNeedsNoFurtherAttempt()
    {
        var step = DeliveryRetry.After(acknowledged: true, attempt: 4, Queued, Queued.AddHours(30), Options, jitter: 0.5);

        Assert.Equal(new DeliveryStep(DeliveryState.Delivered, null, Queued.AddHours(30)), step);
    }

    [Fact]
    public void After_AFailureWithinTheMaximumAge_StaysPending_UntilTheBackoffHasPassed()
    {
        var now = Queued.AddMinutes(5);

        var step = DeliveryRetry.After(acknowledged: false, attempt: 2, Queued, now, Options, jitter: 0);

        Assert.Equal(DeliveryState.Pending, step.State);
        Assert.Equal(now.AddSeconds(10), step.NextAttemptAt);
        Assert.Null(step.CompletedAt);
    }

    [Fact]
    public void After_AFailureAtTheMaximumAge_IsFailed_AndNoMoreAttemptsAreScheduled()
    {
        var now = Queued + Options.MaxAge;

        var step = DeliveryRetry.After(acknowledged: false, attempt: 40, Queued, now, Options, jitter: 0.5);

        Assert.Equal(new DeliveryStep(DeliveryState.Failed, null, now), step);
    }

    [Fact]
    public void NoticeCursor_OrdersByTransactionFirst_ThenBySequence()
    {
        var cursors = new[] { new NoticeCursor(7, 3), NoticeCursor.Before(7), new NoticeCursor(6, 900), new NoticeCursor(7, 1) };

        var ordered = cursors.Order().ToList();

        Assert.Equal([new NoticeCursor(6, 900), NoticeCursor.Before(7), new NoticeCursor(7, 1), new NoticeCursor(7, 3)], ordered);
        Assert.Equal(new NoticeCursor(7, 1), NoticeCursor.Max(new NoticeCursor(7, 1), NoticeCursor.Before(7)));
    }

    [Fact]
    public void NoticeKinds_TheApiAccepts_AreExactlyTheKindsGrainsProduce()
    {
        var produced = typeof(GrainKinds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

        Assert.Equal(produced.Order(), ContractKinds.All.Order());
    }

    [Fact]
    public void WebhookDefinition_Printed_NeverShowsTheSecret()
    {
        var definition = new WebhookDefinition("https://example.org/hook", ["report-due"], "do-not-print-0123456789");

        var printed = definition.ToString();

        Assert.DoesNotContain("do-not-print", printed);
        Assert.Contains("https://example.org/hook", printed);
    }

    [Fact]
    public void NoticePayload_IsTheInboxNotice_WithAnRfc3339UtcInstant()
    {
        var payload = new NoticePayload("n-1", "report-due", "unit:X", "authorization/a-1", new DateTimeOffset(2026, 11, 27, 16, 0, 0, TimeSpan.FromHours(8)), "Report due");

        var json = JsonDocument.Parse(payload.ToJson()).RootElement;

        Assert.Equal(["id", "kind", "recipient", "entity", "at", "subject"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-11-27T08:00:00Z", json.GetProperty("at").GetString());
    }

    [Fact]
    public async Task NonPositivePollInterval_StopsTheSiloAtStartUp_WithAClearMessage()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Domains"] = "Host=127.0.0.1;Port=1;Database=none",
            ["Workspaces:DataServers:Default"] = "Host=127.0.0.1;Port=2;Database=none",
            ["Webhooks:PollInterval"] = "00:00:00",
        });
        builder.UseOrleans(silo => silo.AddDomainsSilo(builder.Configuration, isProduction: false));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Webhooks: PollInterval", error.Message);
    }
}
