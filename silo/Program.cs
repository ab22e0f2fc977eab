using Microsoft.Extensions.Configuration;
using Domains.ServiceDefaults;
using Domains.Silo;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

var builder = Host.CreateApplicationBuilder(args);
var advertised = builder.Configuration["Orleans:AdvertisedAddress"];
builder.UseOrleans(silo =>
{
    silo.AddDomainsSilo(builder.Configuration, builder.Environment.IsProduction());
    var siloPort = builder.Configuration.GetValue("Orleans:SiloPort", 11111);
    var gatewayPort = builder.Configuration.GetValue("Orleans:GatewayPort", 30000);
    silo.ConfigureEndpoints(
        advertised is null ? System.Net.IPAddress.Loopback : System.Net.IPAddress.Parse(advertised),
        siloPort, gatewayPort, listenOnAnyHostAddress: advertised is not null);
});

var telemetry = builder.AddDomainsTelemetry("domains-silo");
// GET /metrics for Prometheus on its own port (0: none); like the silo's endpoints, on loopback unless
// the silo advertises an address, then on every address. The listener matches the Host header as
// well, so the prefixes name each way a scraper may address it.
var metricsPort = builder.Configuration.GetValue("Telemetry:MetricsPort", 9464);
if (metricsPort != 0)
{
    string[] metricsHosts = advertised is null ? ["localhost", "127.0.0.1"] : ["+"];
    telemetry.WithMetrics(metrics => metrics.AddPrometheusHttpListener(options => options.ConfigureHttpListener = (_, listener) =>
    {
        listener.Prefixes.Clear();
        foreach (var host in metricsHosts) listener.Prefixes.Add($"http://{host}:{metricsPort}/metrics/");
    }));
}

await builder.Build().RunAsync();
