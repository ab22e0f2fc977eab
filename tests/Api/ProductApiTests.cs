using Domains.Tests.Fixtures;

namespace Domains.Tests.Api;

[Collection(StackCollection.Name)]
public sealed class ProductApiTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);
    private Scenarios World => new(_api);

    private static object Product(string dataset = "ds-hospital-visits", bool personal = true, object? protection = null, bool noProtection = false) => new
    {
        name = "District visit index",
        description = "weekly visits per district",
        datasetsUsed = new[] { dataset },
        personalInfo = personal,
        tradeSecrets = false,
        protection = noProtection ? null : protection ?? new { method = "desensitized", details = "k-anonymity 20" },
        pricing = new { model = "subscription", amount = 1200.50m, currency = "CNY" },
    };

    private async Task<(string Authorization, string Unit)> ActiveAsync()
    {
        var uscc = await World.QualifiedUnitAsync();
        return (await World.AuthorizationAsync("active", uscc: uscc, termStart: await World.NowAsync()), uscc);
    }

    [Fact]
    public async Task Product_ReviewedListedPausedResumedAndDelisted_FollowsItsAuthorization()
    {
        var (authorization, uscc) = await ActiveAsync();

        var submitted = await _api.PostAsync($"/v1/authorizations/{authorization}/products", "unit", Product(), unit: uscc);
        var id = submitted.Str("id")!;
        var approved = await _api.PostAsync($"/v1/products/{id}/approve", "authority", new { note = "fine" });
        var listed = await _api.PostAsync($"/v1/products/{id}/list", "unit", unit: uscc);
        await _api.PostAsync($"/v1/authorizations/{authorization}/suspend", "supervisor", new { reason = "breach" });
        // A suspension answers once access is cut; its products follow right after the answer (durably queued).
        var paused = await Polling.UntilAsync(() => _api.GetAsync($"/v1/products/{id}"), r => r.Str("state") == "paused",
            TimeSpan.FromSeconds(10), $"product {id} paused after its authorization's suspension");
        await _api.PostAsync($"/v1/authorizations/{authorization}/reinstate", "supervisor", new { note = "ok" });
        var resumed = await _api.GetAsync($"/v1/products/{id}");
        await _api.PostAsync($"/v1/authorizations/{authorization}/terminate", "authority", new { reason = "end" });
        var ended = await _api.GetAsync($"/v1/products/{id}");

        Assert.Equal(201, submitted.Status);
        Assert.Equal($"/v1/products/{id}", submitted.Location);
        Assert.Equal("submitted", submitted.Str("state"));
        Assert.Equal("approved", approved.Str("state"));
        Assert.Equal("listed", listed.Str("state"));
        Assert.Equal("paused", paused.Str("state"));
        Assert.Equal("listed", resumed.Str("state"));
        Assert.Equal("delisted", ended.Str("state"));
        var reviewed = Assert.Single(await World.InboxAsync($"unit:{uscc}", "product-reviewed"));
        Assert.Equal($"product/{id}", reviewed.GetProperty("entity").GetString());
        Assert.True(await World.ChainValidAsync($"product/{id}"));
    }

    [Fact]
    public async Task ChangesRequested_ThenResubmitted_IsReviewedAgain()
    {
        var (authorization, uscc) = await ActiveAsync();
        var id = (await _api.PostAsync($"/v1/authorizations/{authorization}/products", "unit", Product(), unit: uscc)).Str("id")!;

        var changes = await _api.PostAsync($"/v1/products/{id}/request-changes", "authority", new { reason = "name the method's parameters" });
        var resubmitted = await _api.PostAsync($"/v1/products/{id}/resubmit", "unit", new { authorizationId = authorization, product = Product() }, unit: uscc);
        var rejected = await _api.PostAsync($"/v1/products/{id}/reject", "authority", new { reason = "not useful" });

        Assert.Equal("changes-requested", changes.Str("state"));
        Assert.Equal("submitted", resubmitted.Str("state"));
        Assert.Equal("rejected", rejected.Str("state"));
        Assert.Equal(2, (await World.InboxAsync($"unit:{uscc}", "product-reviewed")).Count);
    }

    [Theory]
    [InlineData("outside", "dataset-not-authorized")]
    [InlineData("unprotected", "protection-required")]
    [InlineData("blanket", "blanket-consent-forbidden")]
    [InlineData("forced", "blanket-consent-forbidden")]
    [InlineData("unknown-method", "validation-failed")]
    public async Task Submit_BreakingR15_IsRefusedWithItsCode(string fault, string code)
    {
        var (authorization, uscc) = await ActiveAsync();
        var body = fault switch
        {
            "outside" => Product(dataset: "ds-tax-records"),
            "unprotected" => Product(noProtection: true),
            "blanket" => Product(protection: new { method = "blanket-consent", details = "one click" }),
            "forced" => Product(protection: new { method = "forced-consent", details = "or no service" }),
            _ => Product(protection: new { method = "hope", details = "" }),
        };

        var reply = await _api.PostAsync($"/v1/authorizations/{authorization}/products", "unit", body, unit: uscc);

        Assert.Equal(400, reply.Status);
        Assert.Equal(code, reply.Code);
    }

    [Fact]
    public async Task Submit_WithoutPersonalDataOrSecrets_NeedsNoProtection()
    {
        var (authorization, uscc) = await ActiveAsync();

        var reply = await _api.PostAsync($"/v1/authorizations/{authorization}/products", "unit", Product(personal: false, noProtection: true), unit: uscc);

        Assert.Equal(201, reply.Status);
    }

    [Fact]
    public async Task Submit_UnderAnotherUnitsAuthorization_Is404_AndAnotherUnitCannotReadTheProduct()
    {
        var (authorization, uscc) = await ActiveAsync();
        var stranger = Scenarios.NewUscc();
        var id = (await _api.PostAsync($"/v1/authorizations/{authorization}/products", "unit", Product(), unit: uscc)).Str("id")!;

        var foreign = await _api.PostAsync($"/v1/authorizations/{authorization}/products", "unit", Product(), unit: stranger);
        var read = await _api.GetAsync($"/v1/products/{id}", "unit", stranger);

        Assert.Equal(404, foreign.Status);
        Assert.Equal(404, read.Status);
        Assert.Equal(200, (await _api.GetAsync($"/v1/products/{id}", "unit", uscc)).Status);
    }

    [Fact]
    public async Task Submit_UnderASuspendedAuthorization_Is409()
    {
        var (authorization, uscc) = await ActiveAsync();
        await _api.PostAsync($"/v1/authorizations/{authorization}/suspend", "supervisor", new { reason = "breach" });

        var reply = await _api.PostAsync($"/v1/authorizations/{authorization}/products", "unit", Product(), unit: uscc);

        Assert.Equal(409, reply.Status);
        Assert.Equal("invalid-transition", reply.Code);
    }

    [Theory]
    [InlineData("POST", "/v1/authorizations/x/products", "authority")]
    [InlineData("POST", "/v1/products/x/approve", "unit")]
    [InlineData("POST", "/v1/products/x/reject", "supervisor")]
    [InlineData("POST", "/v1/products/x/request-changes", "auditor")]
    [InlineData("POST", "/v1/products/x/list", "authority")]
    [InlineData("POST", "/v1/products/x/delist", "automation")]
    [InlineData("POST", "/v1/products/x/resubmit", "authority")]
    [InlineData("GET", "/v1/products/x", "automation")]
    public async Task ProductRoute_ByARoleThatMayNot_Is403(string method, string path, string role)
    {
        var reply = await _api.SendAsync(new HttpMethod(method), path, role, body: method == "POST" ? new { } : null,
            unit: role == "unit" ? Scenarios.NewUscc() : null);

        Assert.Equal(403, reply.Status);
    }

    [Fact]
    public async Task Submit_WithoutPricing_Is400ValidationFailed()
    {
        var (authorization, uscc) = await ActiveAsync();

        var reply = await _api.PostAsync($"/v1/authorizations/{authorization}/products", "unit",
            new { name = "n", description = "d", datasetsUsed = new[] { "ds-hospital-visits" }, personalInfo = false, tradeSecrets = false }, unit: uscc);

        Assert.Equal("validation-failed", reply.Code);
        Assert.True(reply.Json.GetProperty("errors").TryGetProperty("pricing", out _));
    }
}
