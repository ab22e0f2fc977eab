using Domains.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Domains.Tests.Units;

public sealed class SiloConfigurationTests
{
    [Fact]
    public void ManualClock_InProduction_StopsTheSiloAtStartUp()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Domains"] = "Host=127.0.0.1;Database=none",
            ["Clock:Mode"] = "manual",
        });

        var error = Assert.Throws<InvalidOperationException>(() =>
            builder.UseOrleans(silo => silo.AddDomainsSilo(builder.Configuration, isProduction: true)));

        Assert.Contains("manual", error.Message);
    }

    [Fact]
    public void NoTransportCertificate_InProduction_StopsTheSiloAtStartUp()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Domains"] = "Host=127.0.0.1;Database=none",
        });

        var error = Assert.Throws<InvalidOperationException>(() =>
            builder.UseOrleans(silo => silo.AddDomainsSilo(builder.Configuration, isProduction: true)));

        Assert.Contains("Orleans:Tls:CertificatePath", error.Message);
    }

    [Fact]
    public void NoTransportCertificate_InProduction_StopsTheApiAtStartUp()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Domains"] = "Host=127.0.0.1;Database=none",
            ["Auth:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };

        var error = Assert.Throws<InvalidOperationException>(() =>
            Domains.ClientApi.DomainsApi.Build([], builder => builder.Configuration.AddInMemoryCollection(settings)));

        Assert.Contains("Orleans:Tls:CertificatePath", error.Message);
    }
}
