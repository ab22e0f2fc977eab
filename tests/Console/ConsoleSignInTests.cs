using System.Net;
using Domains.Tests.Fixtures;
using Domains.WebConsole.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Domains.Tests.Console;

/// <summary>Signing in: each role, the one-time password, lockout after five failures, antiforgery, the session's return.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleSignInTests(ConsoleFixture console)
{
    [Theory]
    [InlineData(Roles.Authority)]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Unit)]
    public async Task EachRole_SignsIn_AndSeesTheOverviewInChinese(string role)
    {
        var page = await console.SignedInAsync(role, role == Roles.Unit ? Scenarios.NewUscc() : null);

        await Expect(page.Locator("h1")).ToHaveTextAsync("概览");
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        await ConsolePages.CheckAsync(page, $"overview-{role}");
    }

    [Fact]
    public async Task TheLoginPage_IsChinese_AndEnglishIsOneClickAway()
    {
        var page = await console.NewPageAsync();
        await page.GotoAsync("/");

        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("h1")).ToHaveTextAsync("登录");
        await ConsolePages.CheckAsync(page, "login");
        await page.ClickAsync("text=English");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount_EvenAgainstTheRightOne()
    {
        var name = await console.AccountAsync(Roles.Supervisor);
        var page = await console.NewPageAsync();
        await page.GotoAsync("/account/login");

        for (var i = 0; i < 4; i++)
        {
            await ConsoleFixture.SignInAsync(page, name, "wrong password " + i);
            await Expect(page.Locator(".problem")).ToHaveTextAsync("用户名或密码不正确。");
        }
        await ConsoleFixture.SignInAsync(page, name, "wrong password 5");
        await Expect(page.Locator(".problem")).ToContainTextAsync("锁定");
        await ConsoleFixture.SignInAsync(page, name, ConsoleFixture.Password);

        await Expect(page.Locator(".problem")).ToContainTextAsync("锁定");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        var account = await console.ConsoleServices.GetRequiredService<AccountStore>().FindAsync(name);
        Assert.True(account!.IsLockedAt(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task AFormPostedWithoutItsAntiforgeryToken_IsRefused()
    {
        var name = await console.AccountAsync(Roles.Authority);
        var page = await console.NewPageAsync();
        await page.GotoAsync("/account/login");

        // The browser's own cookies, the right password, but no __RequestVerificationToken field.
        var response = await page.APIRequest.PostAsync("/account/login", new APIRequestContextOptions
        {
            Form = page.APIRequest.CreateFormData().Set("name", name).Set("password", ConsoleFixture.Password),
            MaxRedirects = 0,
        });

        Assert.Equal((int)HttpStatusCode.BadRequest, response.Status);
        var cookies = await page.Context.CookiesAsync();
        Assert.DoesNotContain(cookies, c => c.Name == Domains.WebConsole.ConsoleApp.SessionCookie);
    }

    [Fact]
    public async Task AOneTimePassword_MustBeChangedBeforeAnyPage()
    {
        var name = await console.AccountAsync(Roles.Supervisor, mustChange: true, password: "one-time-0001");
        var page = await console.NewPageAsync();
        await page.GotoAsync("/authorizations");
        await ConsoleFixture.SignInAsync(page, name, "one-time-0001");

        Assert.Contains("/account/password", page.Url, StringComparison.Ordinal);
        await page.GotoAsync("/authorizations");
        Assert.Contains("/account/password", page.Url, StringComparison.Ordinal);
        await ConsolePages.CheckAsync(page, "password");
        await page.FillAsync("#current", "one-time-0001");
        await page.FillAsync("#next", "a much longer passphrase");
        await page.FillAsync("#repeat", "a much longer passphrase");
        await page.ClickAsync("main button[type=submit]");

        await Expect(page.Locator("h1")).ToHaveTextAsync("授权");
        var account = await console.ConsoleServices.GetRequiredService<AccountStore>().FindAsync(name);
        Assert.False(account!.MustChange);
    }

    [Fact]
    public async Task ASupervisor_SetsTheirOwnEmailForNotices_OnTheAccountPage_AndAnInvalidOneIsRefused()
    {
        var name = await console.AccountAsync(Roles.Supervisor);
        var store = console.ConsoleServices.GetRequiredService<AccountStore>();
        var page = await console.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, name, ConsoleFixture.Password);
        await Expect(page.Locator("h1")).ToHaveTextAsync("概览");

        await page.ClickAsync("header a:has-text('账户')");
        await Expect(page.Locator("#email-title")).ToHaveTextAsync("通知邮箱");
        await ConsolePages.CheckAsync(page, "account-email");
        // A browser takes it as an email address; a relay's RCPT TO (and a unit contact's check) does not.
        await page.FillAsync("#email", "zhang.wei@localhost");
        await page.ClickAsync("#save-email");

        await Expect(page.Locator(".problem")).ToHaveTextAsync("请输入一个有效的邮箱地址，例如 name@example.cn。");
        Assert.Null((await store.FindAsync(name))!.Email);
        await page.FillAsync("#email", "zhang.wei@gov.example.cn");
        await page.ClickAsync("#save-email");
        await Expect(page.Locator(".done")).ToHaveTextAsync("通知邮箱已保存。");
        await Expect(page.Locator("#email")).ToHaveValueAsync("zhang.wei@gov.example.cn");
        Assert.Equal("zhang.wei@gov.example.cn", (await store.FindAsync(name))!.Email);
        await page.FillAsync("#email", "");
        await page.ClickAsync("#save-email");
        await Expect(page.Locator(".done")).ToContainTextAsync("通知邮箱已删除");
        Assert.Null((await store.FindAsync(name))!.Email);
    }

    [Fact]
    public async Task AUnitsAccount_HasNoEmailOfItsOwn_ItsNoticesGoToTheUnitsContacts()
    {
        var page = await console.SignedInAsync(Roles.Unit, Scenarios.NewUscc());

        await page.GotoAsync("/account/password");

        await Expect(page.Locator("h1")).ToHaveTextAsync("修改密码");
        await Expect(page.Locator("#email")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AnEndedSession_ReturnsToSignIn_AndThenToThePage()
    {
        var name = await console.AccountAsync(Roles.Supervisor);
        var page = await console.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, name, ConsoleFixture.Password);
        await Expect(page.Locator("h1")).ToHaveTextAsync("概览");

        await page.Context.ClearCookiesAsync();
        await page.GotoAsync("/inbox");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        await ConsoleFixture.SignInAsync(page, name, ConsoleFixture.Password);

        await Expect(page.Locator("h1")).ToHaveTextAsync("收件箱");
    }

    [Fact]
    public async Task TheSessionCookie_IsHttpOnlyAndSameSiteStrict()
    {
        var page = await console.SignedInAsync(Roles.Auditor);

        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == Domains.WebConsole.ConsoleApp.SessionCookie);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
    }
}
