using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Audit;
using Domains.GrainInterfaces.Domains;
using Domains.Tests.Fixtures;

namespace Domains.Tests.Grains;

[Collection(StackCollection.Name)]
public sealed class DomainGrainTests(StackFixture stack)
{
    private static readonly DomainDefinition Definition = new("Fuzhou city domain", DomainLevel.City, "350100", "DB35/T-2024");

    [Fact]
    public async Task FullFlow_FromRegisterToRetire_RecordsOneChainedAuditEventPerTransition()
    {
        var id = Ids.New("dom");
        var grain = stack.Grains.GetGrain<IDomainGrain>(id);

        var registered = await grain.RegisterAsync(Definition, Contexts.Authority());
        await grain.ReportBuiltAsync(Contexts.Automation());
        await grain.AcceptAsync("INSP-1", Contexts.Authority());
        await grain.SuspendAsync(Contexts.Supervisor("breach found"));
        await grain.ResumeAsync(Contexts.Supervisor("fixed"));
        var retired = await grain.RetireAsync(Contexts.Authority("no longer used"));

        Assert.True(registered.Created);
        Assert.Equal(DomainStatus.Retired, retired.Value!.State);
        Assert.Equal(6, retired.Value.Version);
        var audit = await stack.Grains.GetGrain<IAuditReaderGrain>(0).ListAsync(new AuditQuery(new EntityRef("domain", id), null, null, null, 0, 50));
        Assert.Equal(["register", "report-built", "accept", "suspend", "resume", "retire"], audit.Items.Select(e => e.Action));
        Assert.Equal([null, "planned", "awaiting-acceptance", "operational", "suspended", "operational"], audit.Items.Select(e => e.FromState));
        Assert.Equal("supervisor", audit.Items[3].Role);
        Assert.Equal("breach found", audit.Items[3].Reason);
        var verification = await stack.Grains.GetGrain<IAuditReaderGrain>(0).VerifyAsync(new EntityRef("domain", id));
        Assert.True(verification.Valid);
        Assert.Equal(6, verification.Events);
    }
}
