using Domains.WebConsole.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Domains.WebConsole.Pages.Account;

/// <summary>Changing a local account's password (first, and only, page after a one-time password).</summary>
public sealed class PasswordModel(LocalSignIn signIn) : ConsolePage
{
    public string ReturnUrl { get; private set; } = "/";

    public void OnGet(string? returnUrl) => ReturnUrl = Local(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? current, string? next, string? repeat, string? returnUrl)
    {
        ReturnUrl = Local(returnUrl);
        if (string.IsNullOrEmpty(next) || next.Length < LocalSignIn.MinimumPasswordLength || next.Length > 256)
        {
            Problem = T["Password.TooShort", LocalSignIn.MinimumPasswordLength];
            return Page();
        }
        if (next != repeat)
        {
            Problem = T["Password.Differs"];
            return Page();
        }
        if (next == current)
        {
            Problem = T["Password.Same"];
            return Page();
        }
        var (outcome, account) = await signIn.CheckAsync(Me.Name, current ?? "");
        if (account is null)
        {
            Problem = outcome == SignInOutcome.LockedOut ? T["Login.Locked"] : T["Password.WrongCurrent"];
            return Page();
        }
        await signIn.ChangePasswordAsync(account, next);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            account.ToPerson().ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme));
        Done = T["Password.Changed"];
        return LocalRedirect(ReturnUrl);
    }

    private string Local(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : "/";
}
