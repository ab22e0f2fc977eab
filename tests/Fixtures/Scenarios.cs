using System.Globalization;
using System.Text.Json;
using Domains.GrainInterfaces.Units;

namespace Domains.Tests.Fixtures;

/// <summary>Builds the world an authorization needs, over HTTP: a qualified unit, an operational domain, an open notice.</summary>
public sealed class Scenarios(ApiClient api)
{
    public static string NewUscc()
    {
        var random = Random.Shared;
        var first17 = new string(Enumerable.Range(0, 17).Select(_ => Uscc.Alphabet[random.Next(Uscc.Alphabet.Length)]).ToArray());
        return first17 + Uscc.CheckCharacter(first17);
    }

    public static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public async Task<DateTimeOffset> NowAsync()
    {
        var reply = await api.GetAsync("/v1/admin/clock", "auditor");
        return DateTimeOffset.Parse(reply.Str("now")!, CultureInfo.InvariantCulture);
    }

    public async Task<DateTimeOffset> AdvanceToAsync(DateTimeOffset to)
    {
        var reply = await api.PostAsync("/v1/admin/clock", "authority", new { to = Instant(to) });
        Assert.Equal(200, reply.Status);
        return DateTimeOffset.Parse(reply.Str("now")!, CultureInfo.InvariantCulture);
    }

    public async Task<string> QualifiedUnitAsync(string name = "Fujian Data Co.")
    {
        var uscc = NewUscc();
        Assert.Equal(201, (await api.PutAsync($"/v1/units/{uscc}", "authority", new
        {
            name,
            principal = new { name = "Lin Wei", title = "Chairman" },
            securityOfficer = new { name = "Chen Jie", department = "Data Security Dept." },
        })).Status);
        var profile = await api.PutAsync($"/v1/units/{uscc}/security-profile", "authority", GoodProfile());
        Assert.Equal(200, profile.Status);
        Assert.True(profile.Json.GetProperty("qualification").GetProperty("qualified").GetBoolean(), profile.Body);
        return uscc;
    }

    public static object GoodProfile() => new
    {
        businessStanding = "good",
        credit = "good",
        securityManagementSystem = true,
        mlpsLevel3 = true,
        cryptoAssessment = true,
        dataManagementMaturity = 3,
        incidents = Array.Empty<object>(),
    };

    public async Task<string> OperationalDomainAsync()
    {
        var id = Ids.New("dom");
        await api.PutAsync($"/v1/domains/{id}", "authority", new { name = "Fuzhou", level = "city", regionCode = "350100", standardVersion = "v1" });
        await api.PostAsync($"/v1/domains/{id}/built", "automation");
        Assert.Equal("operational", (await api.PostAsync($"/v1/domains/{id}/accept", "authority", new { inspectionRef = "I-1" })).Str("state"));
        await CatalogueAsync(id);
        return id;
    }

    /// <summary>
    /// The dataset ids the suite's applications name, catalogued in <paramref name="domainId"/> over the
    /// sample tables every test data server holds (ops/sql/sample-data): applications name only catalogued datasets.
    /// </summary>
    public async Task CatalogueAsync(string domainId)
    {
        foreach (var (id, body) in Catalogue)
        {
            var put = await api.PutAsync($"/v1/domains/{domainId}/datasets/{id}", "authority", body);
            Assert.True(put.Status is 200 or 201, put.Body);
        }
    }

    public static readonly IReadOnlyList<(string Id, object Body)> Catalogue =
    [
        ("ds-hospital-visits", HospitalVisits),
        ("ds-traffic", Dataset("Traffic flow", "public_data.traffic_flow")),
        ("ds-weather", Dataset("Parking occupancy", "public_data.parking_occupancy")),
        ("ds-tax-records", Dataset("Parking occupancy (tax)", "public_data.parking_occupancy")),
        ("ds-1", Dataset("Traffic flow", "public_data.traffic_flow")),
    ];

    /// <summary>Hospital visits: the ID number pseudonymized, the name dropped.</summary>
    public static object HospitalVisits => new
    {
        title = "Hospital visits",
        department = "Health Commission",
        classification = "sensitive",
        table = "public_data.hospital_visits",
        sensitiveColumns = new object[]
        {
            new { name = "patient_id_number", treatment = "pseudonymize" },
            new { name = "patient_name", treatment = "drop" },
        },
    };

    public static object Dataset(string title, string table) => new
    {
        title,
        department = "Transport Bureau",
        classification = "general",
        table,
        sensitiveColumns = Array.Empty<object>(),
    };

    public async Task<string> OpenNoticeAsync(string domainId, int? quota = null, bool pilot = false, DateTimeOffset? opensAt = null, DateTimeOffset? closesAt = null)
    {
        var now = await NowAsync();
        var id = Ids.New("ntc");
        var put = await api.PutAsync($"/v1/notices/{id}", "authority", new
        {
            title = "Call for medical data products",
            field = "healthcare",
            region = new { level = pilot ? "county" : "city", code = pilot ? "350121" : "350100" },
            pilot,
            quota,
            opensAt = Instant(opensAt ?? now.AddDays(-1)),
            closesAt = Instant(closesAt ?? now.AddDays(60)),
            domainId,
        });
        Assert.Equal(201, put.Status);
        Assert.Equal(200, (await api.PostAsync($"/v1/notices/{id}/publish", "authority")).Status);
        return id;
    }

    public async Task<object> ApplicationAsync(string uscc, string noticeId, string? renews = null, int termMonths = 24,
        object? datasets = null, object? materials = null)
    {
        var now = await NowAsync();
        return new
        {
            unitId = uscc,
            noticeId,
            renews,
            scenario = new { title = "Chronic disease insights", value = "better care", goals = "three dashboards", securityMeasures = "desensitised views" },
            datasets = datasets ?? new[] { new { id = "ds-hospital-visits", justification = "visit counts per district" } },
            requestedTermMonths = termMonths,
            materials = materials ?? Materials(now),
        };
    }

    public static object Materials(DateTimeOffset now) => new
    {
        applicationForm = new { @ref = "AF-1", issuedAt = Instant(now.AddDays(-3)) },
        auditReport = new { @ref = "AR-1", issuedAt = Instant(now.AddMonths(-2)) },
        financialReport = new { @ref = "FR-1", issuedAt = Instant(now.AddMonths(-4)) },
        securityCommitment = new { @ref = "SC-1", issuedAt = Instant(now.AddDays(-3)) },
        riskSelfAssessment = new { @ref = "RS-1", issuedAt = Instant(now.AddDays(-3)) },
    };

    public async Task<Reply> ApplyAsync(string uscc, string noticeId, string? renews = null)
    {
        var reply = await api.PostAsync("/v1/authorizations", "unit", await ApplicationAsync(uscc, noticeId, renews), unit: uscc);
        return reply;
    }

    /// <summary>An authorization taken to <paramref name="until"/> (verified, approved, announced or active).</summary>
    public async Task<string> AuthorizationAsync(string until, string? uscc = null, string? noticeId = null, DateTimeOffset? termStart = null, int termMonths = 24, string? renews = null)
    {
        uscc ??= await QualifiedUnitAsync();
        noticeId ??= await OpenNoticeAsync(await OperationalDomainAsync());
        var applied = await ApplyAsync(uscc, noticeId, renews);
        Assert.Equal(201, applied.Status);
        var id = applied.Str("id")!;
        var path = $"/v1/authorizations/{id}";
        if (until == "submitted") return id;
        Assert.Equal(200, (await api.PostAsync($"{path}/verify", "authority", new { outcome = "pass", note = "ok" })).Status);
        if (until == "verified") return id;
        Assert.Equal(200, (await api.PostAsync($"{path}/approve", "authority", new { note = "ok" })).Status);
        if (until == "approved") return id;
        Assert.Equal(200, (await api.PostAsync($"{path}/announce", "authority")).Status);
        if (until == "announced") return id;
        var start = termStart ?? (await NowAsync()).AddHours(1);
        var activated = await api.PostAsync($"{path}/activate", "authority", new { termStart = Instant(start), termEnd = Instant(start.AddMonths(termMonths)) });
        Assert.Equal(200, activated.Status);
        return id;
    }

    public async Task<List<JsonElement>> InboxAsync(string recipient, string? kind = null, string role = "authority", string? unit = null)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var path = $"/v1/inbox?recipient={Uri.EscapeDataString(recipient)}&limit=500" + (kind is null ? "" : $"&kind={kind}") + (cursor is null ? "" : $"&cursor={cursor}");
            var reply = await api.GetAsync(path, role, unit);
            Assert.Equal(200, reply.Status);
            items.AddRange(reply.Json.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
            cursor = reply.Json.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return items;
    }

    public async Task<bool> ChainValidAsync(string entity)
    {
        var reply = await api.GetAsync($"/v1/audit/verify?entity={entity}", "auditor");
        return reply.Json.GetProperty("valid").GetBoolean();
    }
}
