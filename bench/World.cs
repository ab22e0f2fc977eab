using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Authorizations;
using Domains.GrainInterfaces.Datasets;
using Domains.GrainInterfaces.Domains;
using Domains.GrainInterfaces.Notices;
using Domains.GrainInterfaces.Units;

namespace Domains.Bench;

/// <summary>Builds active authorizations through the real grains, as the API would: unit, domain, notice, then each lifecycle step.</summary>
public sealed class World(IGrainFactory grains)
{
    private static readonly CommandContext Authority = CommandContext.For(new Actor("bench-authority", Role.Authority));
    private static readonly CommandContext Automation = CommandContext.For(new Actor("bench-automation", Role.Automation));

    public string DomainId { get; } = $"bench-dom-{Guid.NewGuid():N}"[..20];

    public string NoticeId { get; } = $"bench-ntc-{Guid.NewGuid():N}"[..20];

    public const string Dataset = "ds-bench";

    public async Task PrepareAsync(DateTimeOffset now)
    {
        var domain = grains.GetGrain<IDomainGrain>(DomainId);
        await domain.RegisterAsync(new DomainDefinition("Bench city", DomainLevel.City, "350100", "v1"), Authority);
        await domain.ReportBuiltAsync(Automation);
        await domain.AcceptAsync("bench", Authority);
        // Applications name only catalogued datasets: a sample table of the bench's data server.
        var catalogued = await grains.GetGrain<IDatasetGrain>(DatasetKeys.Key(DomainId, Dataset)).RegisterAsync(
            new DatasetDefinition("Bench traffic", "bench", DatasetClassification.General, "public_data.traffic_flow", []), Authority);
        if (catalogued.Error is { } error) throw new InvalidOperationException(error.Detail);
        var notice = grains.GetGrain<INoticeGrain>(NoticeId);
        await notice.DefineAsync(new NoticeDefinition("Bench", "bench", new Region(RegionLevel.City, "350100"), false, null,
            now.AddDays(-1), now.AddYears(1), DomainId), Authority);
        await notice.PublishAsync(Authority);
    }

    public static string NewUscc()
    {
        var first17 = new string(Enumerable.Range(0, 17).Select(_ => Uscc.Alphabet[Random.Shared.Next(Uscc.Alphabet.Length)]).ToArray());
        return first17 + Uscc.CheckCharacter(first17);
    }

    /// <summary>Active authorizations (each with its provisioned workspace) of new units, <paramref name="concurrency"/> at a time.</summary>
    public async Task<List<ActiveWorkspace>> ActiveWorkspacesAsync(int count, int concurrency, DateTimeOffset now)
    {
        var made = new ActiveWorkspace[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (i, _) => made[i] = await ActiveAuthorizationAsync(now));
        return [.. made];
    }

    /// <summary>An active authorization of a new qualified unit; its id is also its workspace's.</summary>
    public async Task<ActiveWorkspace> ActiveAuthorizationAsync(DateTimeOffset now)
    {
        var uscc = NewUscc();
        var unit = grains.GetGrain<IOperatingUnitGrain>(uscc);
        await unit.RegisterAsync(new UnitDetails("Bench Co.", new Principal("P", "CEO"), new SecurityOfficer("O", "Security")), Authority);
        await unit.SetSecurityProfileAsync(new SecurityProfile(BusinessStanding.Good, CreditStanding.Good, true, true, true, 4, []), Authority);

        var id = $"bench-auth-{Guid.NewGuid():N}"[..28];
        var authorization = grains.GetGrain<IAuthorizationGrain>(id);
        var material = new Material("m", now.AddDays(-1));
        var applied = await authorization.ApplyAsync(new Application(uscc, NoticeId, null, new Scenario("s", "v", "g", "m"),
            [new DatasetRequest(Dataset, "bench")], 12, new Materials(material, material, material, material, material)), Authority);
        Check(applied.Error);
        Check((await authorization.VerifyAsync(true, Authority)).Error);
        Check((await authorization.ApproveAsync(Authority)).Error);
        Check((await authorization.AnnounceAsync(Authority)).Error);
        Check((await authorization.ActivateAsync(new Term(now.AddMinutes(-1), now.AddMonths(12)), Authority)).Error);
        return new ActiveWorkspace(id, uscc);
    }

    private static void Check(DomainError? error)
    {
        if (error is not null) throw new InvalidOperationException($"{error.Code}: {error.Detail}");
    }
}

/// <summary>An active authorization's workspace (same id) and the unit that may use it.</summary>
public sealed record ActiveWorkspace(string Id, string Unit);
