using Domains.WebConsole.Accounts;
using Domains.WebConsole.Localization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Domains.WebConsole.Pages.Account;

public sealed class LoginModel(LocalSignIn signIn, IStringLocalizer<Texts> texts, IOptions<ConsoleOptions> options) : PageModel
{
    public string? Problem { get; private set; }

    public string? Name { get; private set; }

    public string ReturnUrl { get; private set; } = "/";

    public bool UsesOidc => !string.IsNullOrWhiteSpace(options.Value.Oidc.Authority);

    public void OnGet(string? returnUrl) => ReturnUrl = Local(returnUrl);

    public IActionResult OnPostOidc(string? returnUrl) =>
        Challenge(new AuthenticationProperties { RedirectUri = Local(returnUrl) }, OpenIdConnectDefaults.AuthenticationScheme);

    public async Task<IActionResult> OnPostAsync(string? name, string? password, string? returnUrl)
    {
        ReturnUrl = Local(returnUrl);
        Name = name;
        if (UsesOidc) return BadRequest();
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(password) || name.Length > 64 || password.Length > 256)
        {
            Problem = texts["Login.Missing"];
            return Page();
        }
        var (outcome, account) = await signIn.CheckAsync(name.Trim(), password);
        switch (outcome)
        {
            case SignInOutcome.LockedOut:
                Problem = texts["Login.Locked"];
                return Page();
            case SignInOutcome.WrongNameOrPassword:
                Problem = texts["Login.Wrong"];
                return Page();
        }
        var principal = account!.ToPerson().ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme);
        if (outcome == SignInOutcome.MustChangePassword)
        {
            ((System.Security.Claims.ClaimsIdentity)principal.Identity!).AddClaim(new(PasswordChangeFilter.Claim, "true"));
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return outcome == SignInOutcome.MustChangePassword
            ? RedirectToPage("/Account/Password", new { returnUrl = ReturnUrl })
            : LocalRedirect(ReturnUrl);
    }

    private string Local(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : "/";
}
