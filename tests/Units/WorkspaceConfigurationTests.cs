using Domains.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Domains.Tests.Units;

public sealed class WorkspaceConfigurationTests
{
    [Fact]
    public async Task LogRetentionBelowSixMonths_StopsTheSiloAtStartUp_WithAClearMessage()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Domains"] = "Host=127.0.0.1;Port=1;Database=none",
            ["Workspaces:LogRetentionMonths"] = "5",
        });
        builder.UseOrleans(silo => silo.AddDomainsSilo(builder.Configuration, isProduction: false));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("LogRetentionMonths must be at least 6", error.Message);
    }
}
