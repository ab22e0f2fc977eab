using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Domains.ClientApi;
using Domains.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Domains.Tests.Api;

/// <summary>
/// Operability (issue 6): our counters on the API's <c>GET /metrics</c> (the test silos share the
/// process, so the API's exporter sees their meters), a grain call joining the trace of its HTTP
/// request, and that request's log lines carrying the trace id.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class TelemetryTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);

    private static object Definition => new { name = "Telemetry city domain", level = "city", regionCode = "350100", standardVersion = "DB35/T-2024" };

    [Fact]
    public async Task Metrics_AfterADomainCommand_CountTheAcceptedTransition()
    {
        Assert.Equal(201, (await _api.PutAsync($"/v1/domains/{Ids.New("dom")}", "authority", Definition)).Status);

        var metrics = await ScrapeUntilAsync(stack.Http, "domains_transitions_total{", "entity_type=\"domain\"", "outcome=\"accepted\"");

        Assert.Contains("# TYPE domains_transitions_total counter", metrics);
    }

    [Fact]
    public async Task Metrics_AfterARefusedCommand_CountTheRefusalWithItsCode()
    {
        var id = Ids.New("dom");
        await _api.PutAsync($"/v1/domains/{id}", "authority", Definition);

        Assert.Equal(409, (await _api.PostAsync($"/v1/domains/{id}/resume", "supervisor", new { reason = "not suspended" })).Status);

        await ScrapeUntilAsync(stack.Http, "domains_transitions_total{", "outcome=\"refused\"", "code=\"invalid-transition\"");
    }

    [Fact]
    public async Task Metrics_AfterAnAccessDecision_CountItByReason()
    {
        var reply = await _api.GetAsync($"/v1/access?workspace={Ids.New("auth")}&unit={Scenarios.NewUscc()}&dataset=ds-any", "automation");

        Assert.Equal("unknown-workspace", reply.Str("reason"));
        await ScrapeUntilAsync(stack.Http, "domains_access_decisions_total{", "reason=\"unknown-workspace\"");
    }

    [Fact]
    public async Task Metrics_ShowOrleansAspNetCoreAndRuntimeMeters()
    {
        var metrics = await ScrapeUntilAsync(stack.Http, "http_server_request_duration_seconds");

        Assert.Contains("orleans_", metrics);
        Assert.Contains("dotnet_", metrics);
    }

    [Fact]
    public async Task GrainCall_OfARequestWithATraceparent_JoinsTheRequestsTrace()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.Orleans.Application",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId) spans.Enqueue(activity);
            },
        };
        ActivitySource.AddActivityListener(listener);

        var status = await PutDomainAsync(stack.Http, stack.Tokens, traceId);

        Assert.Equal(201, status);
        // The silo's span (server) continues the API's (client): the grain ran inside the request's trace.
        var joined = await Polling.UntilAsync(() => spans.ToArray(),
            s => s.Any(a => a.Kind == ActivityKind.Server) && s.Any(a => a.Kind == ActivityKind.Client),
            TimeSpan.FromSeconds(10), "the grain call's client and server spans in the request's trace");
        var server = joined.First(a => a.Kind == ActivityKind.Server && a.OperationName.Contains("IDomainGrain", StringComparison.Ordinal));
        Assert.Contains(joined, a => a.Kind == ActivityKind.Client && a.SpanId == server.ParentSpanId);
    }

    [Fact]
    public async Task LogLine_WrittenWhileHandlingARequest_CarriesItsTraceId()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var logs = new LogCapture();
        await using var api = await ApiHost.StartAsync(stack.Database.Api, stack.Cluster.Options.ClusterId, key, configure: builder =>
        {
            builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddProvider(logs);
            // The line every request writes: "Request starting".
            builder.Logging.AddFilter<LogCapture>("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Information);
        });
        var http = api.Http;
        var traceId = ActivityTraceId.CreateRandom();

        var status = await PutDomainAsync(http, new Tokens(key), traceId);

        Assert.Equal(201, status);
        Assert.Contains(logs.Records, r => r.Category == "Microsoft.AspNetCore.Hosting.Diagnostics" && r.TraceId == traceId.ToHexString());
    }

    private static async Task<int> PutDomainAsync(HttpClient http, Tokens tokens, ActivityTraceId traceId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/domains/{Ids.New("dom")}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue("authority"));
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        request.Content = JsonContent.Create(Definition);
        using var response = await http.SendAsync(request);
        return (int)response.StatusCode;
    }

    /// <summary>Scrapes until one line holds every fragment (the exporter may serve a scrape cached a moment earlier).</summary>
    private static Task<string> ScrapeUntilAsync(HttpClient http, params string[] fragments) =>
        Polling.UntilAsync(async () =>
            {
                using var response = await http.GetAsync("/metrics");
                Assert.Equal(200, (int)response.StatusCode);
                Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
                return await response.Content.ReadAsStringAsync();
            },
            text => text.Split('\n').Any(line => fragments.All(f => line.Contains(f, StringComparison.Ordinal))),
            TimeSpan.FromSeconds(10), $"a /metrics line with {string.Join(", ", fragments)}");
}
