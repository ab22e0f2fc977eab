using Domains.ClientApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Domains.Tests.Fixtures;

/// <summary>The API on Kestrel (loopback, a free port), an Orleans client of the given cluster over mutual TLS.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiHost(WebApplication app, HttpClient http)
    {
        _app = app;
        Http = http;
    }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ApiHost> StartAsync(string connectionString, string clusterId, byte[] signingKey,
        IReadOnlyDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var app = DomainsApi.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Domains"] = connectionString,
                ["Orleans:ClusterId"] = clusterId,
                ["Orleans:ServiceId"] = TestClusters.ServiceId,
                ["Auth:SigningKey"] = Convert.ToBase64String(signingKey),
                // The suite's webhook receivers listen on loopback http, which production refuses; a test of
                // that refusal sets these back to null (unset).
                ["Webhooks:AllowHttp"] = "true",
                ["Webhooks:AllowPrivateAddresses"] = "true",
                // Tests on the shared cluster jump the clock while others load it: a move waits for its sweep as it
                // always did (AdminClockSweepTests sets a small bound to meet the 202).
                ["AdminClock:AnswerWithin"] = "00:02:00",
            });
            // The API's certificate for the clusters' TLS gateways (TestClusters).
            builder.Configuration.AddInMemoryCollection(TestCertificates.Instance.Settings(TestCertificates.Instance.Api));
            if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // A request sent with Expect: 100-continue waits this long for the server's verdict before writing its body
        // (OversizedBodies): under the suite's load the default second can pass before a 413 arrives.
        var handler = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) };
        return new ApiHost(app, new HttpClient(handler) { BaseAddress = new Uri(address) });
    }

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
    }
}
