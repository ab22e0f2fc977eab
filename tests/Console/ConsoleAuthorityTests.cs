using System.Globalization;
using Domains.Tests.Fixtures;
using Domains.WebConsole.Accounts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Domains.Tests.Console;

/// <summary>The authority's work in the browser, and the unit's own-only view.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleAuthorityTests(ConsoleFixture console)
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private Scenarios World => new(console.Api);

    private static string Local(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Shanghai).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static async Task ConfirmAsync(IPage page, string id, string action)
    {
        await page.GotoAsync($"/authorizations/{id}?act={action}");
        await page.ClickAsync("#prepare");
        await page.ClickAsync("#confirm");
        await Expect(page.Locator(".done")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheAuthority_PublishesANotice_AndApprovesAnApplicationUnderIt()
    {
        var domain = await World.OperationalDomainAsync();
        var now = await World.NowAsync();
        var page = await console.SignedInAsync(Roles.Authority);

        await page.GotoAsync("/notices");
        await page.ClickAsync("#new-notice");
        await page.FillAsync("#title", "医疗健康数据产品征集");
        await page.FillAsync("#field", "医疗健康");
        await page.SelectOptionAsync("#level", "city");
        await page.FillAsync("#regionCode", "350100");
        await page.FillAsync("#opensAt", Local(now.AddDays(-1)));
        await page.FillAsync("#closesAt", Local(now.AddDays(60)));
        await page.FillAsync("#domainId", domain);
        await ConsolePages.CheckAsync(page, "notice-new");
        await page.ClickAsync("#save-notice");
        await Expect(page.Locator("#state")).ToHaveTextAsync("草稿");
        var noticeId = page.Url.Split('/').Last();
        await page.CheckAsync("#confirmed-publish");
        await page.ClickAsync("#publish");
        await Expect(page.Locator("#state")).ToHaveTextAsync("已发布");
        await ConsolePages.CheckAsync(page, "notice-published");

        var uscc = await World.QualifiedUnitAsync();
        var applied = await World.ApplyAsync(uscc, noticeId);
        Assert.Equal(201, applied.Status);
        var id = applied.Str("id")!;
        await ConfirmAsync(page, id, "verify");
        await Expect(page.Locator("#state")).ToHaveTextAsync("已核验");
        await ConfirmAsync(page, id, "approve");

        await Expect(page.Locator("#state")).ToHaveTextAsync("已批准");
        await ConsolePages.CheckAsync(page, "authorization-approved");
        Assert.Equal("approved", (await console.Api.GetAsync($"/v1/authorizations/{id}", "auditor")).Str("state"));
    }

    [Fact]
    public async Task AUnit_SeesOnlyItsOwn()
    {
        var mine = await World.QualifiedUnitAsync();
        var other = await World.QualifiedUnitAsync();
        var notice = await World.OpenNoticeAsync(await World.OperationalDomainAsync());
        var own = await World.AuthorizationAsync("submitted", uscc: mine, noticeId: notice);
        var theirs = await World.AuthorizationAsync("submitted", uscc: other, noticeId: notice);
        var page = await console.SignedInAsync(Roles.Unit, mine);

        await page.GotoAsync("/authorizations");
        await Expect(page.Locator($"a[href='/authorizations/{own}']")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator($"a[href='/authorizations/{theirs}']").CountAsync());
        await ConsolePages.CheckAsync(page, "authorizations-unit");

        await page.GotoAsync($"/authorizations/{theirs}");
        await Expect(page.Locator(".problem")).ToHaveTextAsync("找不到该对象，或您无权查看。");
        await page.GotoAsync($"/units/{other}");
        await Expect(page.Locator(".problem")).ToHaveTextAsync("找不到该对象，或您无权查看。");
        await page.GotoAsync($"/units/{mine}");
        await Expect(page.Locator("#qualification")).ToHaveTextAsync("具备资质");
    }

    [Fact]
    public async Task EveryPage_HasNoSeriousOrCriticalAccessibilityViolation_InChinese()
    {
        var uscc = await World.QualifiedUnitAsync();
        var domain = await World.OperationalDomainAsync();
        var notice = await World.OpenNoticeAsync(domain);
        var id = await World.AuthorizationAsync("active", uscc: uscc, noticeId: notice, termStart: await World.NowAsync());
        var page = await console.SignedInAsync(Roles.Authority);

        var pages = new (string Name, string Path)[]
        {
            ("overview", "/"), ("authorizations", "/authorizations"), ("authorization", $"/authorizations/{id}"),
            ("authorization-suspend-form", $"/authorizations/{id}?act=suspend"), ("notices", "/notices"),
            ("notice", $"/notices/{notice}"), ("domains", "/domains"), ("domain", $"/domains/{domain}"), ("units", "/units"),
            ("unit", $"/units/{uscc}"), ("exports", "/exports"), ("inbox", "/inbox"), ("deadlines", "/deadlines"),
            ("audit", $"/audit?type=authorization&id={id}"), ("usage", $"/usage?workspace={id}"), ("ops", "/ops"),
        };
        foreach (var (name, path) in pages)
        {
            var response = await page.GotoAsync(path);
            Assert.True(response!.Ok, $"{path}: {response.Status}");
            await ConsolePages.CheckAsync(page, name);
            if (name == "audit") await Expect(page.Locator("#chain")).ToContainTextAsync("校验通过");
        }
    }

    [Fact]
    public async Task OnlyTheAuthority_ReachesTheOperatorsView()
    {
        var page = await console.SignedInAsync(Roles.Supervisor);

        await page.GotoAsync("/ops");

        Assert.Contains("/account/denied", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("h1")).ToHaveTextAsync("无权访问");
    }

    [Fact]
    public async Task InEnglish_DatesShowThePersonsZone_WithUtcOnHover()
    {
        var id = await World.AuthorizationAsync("submitted");
        var page = await console.SignedInAsync(Roles.Authority);
        await page.GotoAsync($"/culture?lang=en&returnUrl=/authorizations/{id}");

        await Expect(page.Locator("h1")).ToHaveTextAsync($"Authorization {id}");
        var updated = page.Locator("dd time").First;
        var utc = DateTimeOffset.Parse((await updated.GetAttributeAsync("datetime"))!, CultureInfo.InvariantCulture);
        Assert.Equal($"UTC {utc.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}", await updated.GetAttributeAsync("title"));
        Assert.Equal(TimeZoneInfo.ConvertTime(utc, Shanghai).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), await updated.InnerTextAsync());
        await ConsolePages.CheckAsync(page, "authorization-en");
    }
}
