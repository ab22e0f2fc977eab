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
// the silo advertises an address, then on every address.
var metricsPort = builder.Configuration.GetValue("Telemetry:MetricsPort", 9464);
if (metricsPort != 0)
{
    telemetry.WithMetrics(metrics => metrics.AddPrometheusHttpListener(options =>
    {
        options.Port = metricsPort;
        if (advertised is not null)
        {
            options.ConfigureHttpListener = (_, listener) =>
            {
                listener.Prefixes.Clear();
                listener.Prefixes.Add($"http://+:{metricsPort}/metrics/");
            };
        }
    }));
}

await builder.Build().RunAsync();
