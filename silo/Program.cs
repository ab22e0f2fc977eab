using Microsoft.Extensions.Configuration;
using Domains.Silo;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo =>
{
    silo.AddDomainsSilo(builder.Configuration, builder.Environment.IsProduction());
    var siloPort = builder.Configuration.GetValue("Orleans:SiloPort", 11111);
    var gatewayPort = builder.Configuration.GetValue("Orleans:GatewayPort", 30000);
    var advertised = builder.Configuration["Orleans:AdvertisedAddress"];
    silo.ConfigureEndpoints(
        advertised is null ? System.Net.IPAddress.Loopback : System.Net.IPAddress.Parse(advertised),
        siloPort, gatewayPort, listenOnAnyHostAddress: advertised is not null);
});

await builder.Build().RunAsync();
