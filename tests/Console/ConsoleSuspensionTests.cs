using Domains.Tests.Fixtures;
using Domains.WebConsole.Accounts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Domains.Tests.Console;

/// <summary>The supervisor's suspension in a real browser: from the list, reason and period, one confirmation, enforcement applied.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleSuspensionTests(ConsoleFixture console)
{
    private Scenarios World => new(console.Api);

    private async Task<(string Id, string Uscc)> ActiveAsync()
    {
        var uscc = await World.QualifiedUnitAsync();
        var id = await World.AuthorizationAsync("active", uscc: uscc, termStart: await World.NowAsync());
        return (id, uscc);
    }

    /// <summary>From the filtered list to the confirmation step of the suspension.</summary>
    private static async Task OpenSuspensionAsync(IPage page, string id, string uscc)
    {
        await page.GotoAsync($"/authorizations?state=active&unitId={uscc}");
        await page.ClickAsync($"a[href='/authorizations/{id}?act=suspend#act']");
        await page.FillAsync("#reason", "数据出境违规：发现未经批准的导出");
        await page.SelectOptionAsync("#correctionDue", "P15D");
        await page.ClickAsync("#prepare");
        await Expect(page.Locator("#confirm")).ToBeVisibleAsync();
    }

    private async Task<List<System.Text.Json.JsonElement>> SuspensionsAsync(string id) =>
        (await console.Api.ListAllAsync($"/v1/audit?entity=authorization/{id}", "auditor"))
            .Where(e => e.GetProperty("toState").GetString() == "suspended").ToList();

    [Fact]
    public async Task ASupervisorSuspends_SeesEnforcementApplied_AndTheNextAccessDecisionIsDenied()
    {
        var (id, uscc) = await ActiveAsync();
        var name = await console.AccountAsync(Roles.Supervisor);
        var page = await console.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, name, ConsoleFixture.Password);
        await ConsolePages.CheckAsync(page, "overview-supervisor-before");

        await OpenSuspensionAsync(page, id, uscc);
        await ConsolePages.CheckAsync(page, "authorization-suspend-confirm");
        await page.ClickAsync("#confirm");

        await Expect(page.Locator("#enforcement")).ToContainTextAsync("已生效", new() { Timeout = 30_000 });
        await Expect(page.Locator("#state")).ToHaveTextAsync("已暂停");
        await ConsolePages.CheckAsync(page, "authorization-suspended");
        var access = await console.Api.GetAsync($"/v1/access?workspace={id}&unit={uscc}&dataset=ds-hospital-visits", "automation");
        Assert.False(access.Json.GetProperty("allowed").GetBoolean());
        Assert.Equal("authorization-suspended", access.Str("reason"));
        // The audit names the person who suspended, in their role, with their reason.
        var suspension = Assert.Single(await SuspensionsAsync(id));
        Assert.Equal(name, suspension.GetProperty("actor").GetString());
        Assert.Equal("supervisor", suspension.GetProperty("role").GetString());
        var reply = await console.Api.GetAsync($"/v1/authorizations/{id}", "auditor");
        var suspended = reply.Json.GetProperty("suspension");
        Assert.Equal(
            suspended.GetProperty("suspendedAt").GetDateTimeOffset().AddDays(15),
            suspended.GetProperty("correctionDue").GetDateTimeOffset());
    }

    [Fact]
    public async Task ADoubleClickOnConfirm_SuspendsOnce()
    {
        var (id, uscc) = await ActiveAsync();
        var page = await console.SignedInAsync(Roles.Supervisor);
        await OpenSuspensionAsync(page, id, uscc);

        await page.DblClickAsync("#confirm");

        await Expect(page.Locator("#enforcement")).ToContainTextAsync("已生效", new() { Timeout = 30_000 });
        Assert.Single(await SuspensionsAsync(id));
    }

    [Fact]
    public async Task AStalePage_SaysSoInWords_AndDoesNotAct()
    {
        var (id, uscc) = await ActiveAsync();
        var page = await console.SignedInAsync(Roles.Supervisor);
        await OpenSuspensionAsync(page, id, uscc);
        // Someone else suspends (and the page still holds the version it read).
        Assert.Equal(200, (await console.Api.PostAsync($"/v1/authorizations/{id}/suspend", "authority", new { reason = "found first", correctionDue = "P30D" })).Status);

        await page.ClickAsync("#confirm");

        await Expect(page.Locator(".problem")).ToContainTextAsync("页面已过期");
        await Expect(page.Locator("#state")).ToHaveTextAsync("已暂停");
        var only = Assert.Single(await SuspensionsAsync(id));
        Assert.Equal("authority", only.GetProperty("role").GetString());
    }

    [Fact]
    public async Task AnEmptyReason_IsRefusedBeforeTheApiIsCalled()
    {
        var (id, _) = await ActiveAsync();
        var page = await console.SignedInAsync(Roles.Supervisor);
        await page.GotoAsync($"/authorizations/{id}?act=suspend");
        // The browser's own check would stop an empty field; a reason of spaces passes it and must be refused here.
        await page.FillAsync("#reason", "   ");
        await page.ClickAsync("#prepare");

        await Expect(page.Locator(".problem")).ToHaveTextAsync("请填写原因（不超过 1000 字）。");
        Assert.Empty(await SuspensionsAsync(id));
    }

    [Fact]
    public async Task AnAuditor_IsNotOfferedTheSuspension()
    {
        var (id, _) = await ActiveAsync();
        var page = await console.SignedInAsync(Roles.Auditor);
        await page.GotoAsync($"/authorizations/{id}?act=suspend");

        await Expect(page.Locator("#state")).ToHaveTextAsync("生效中");
        Assert.Equal(0, await page.Locator("#prepare").CountAsync());
        Assert.Equal(0, await page.Locator("#open-suspend").CountAsync());
    }
}
