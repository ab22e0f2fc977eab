using Domains.GrainInterfaces.Units;
using Domains.WebConsole.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Domains.WebConsole.Pages.Account;

/// <summary>
/// Changing a local account's password (first, and only, page after a one-time password), and, for the
/// supervisors and the authority, the account's own email for notices (migration 0130): email to their
/// role's notices also goes there. Units' notices go to the unit's contacts, so a unit's account has none.
/// </summary>
public sealed class PasswordModel(LocalSignIn signIn, AccountStore accounts, TimeProvider clock) : ConsolePage
{
    public string ReturnUrl { get; private set; } = "/";

    /// <summary>Whether this person's account exists here (not an OpenID Connect one) and its role's notices go by email.</summary>
    public bool ReceivesEmail { get; private set; }

    public string? Email { get; private set; }

    public async Task OnGetAsync(string? returnUrl)
    {
        ReturnUrl = Local(returnUrl);
        await LoadEmailAsync();
    }

    public async Task<IActionResult> OnPostAsync(string? current, string? next, string? repeat, string? returnUrl)
    {
        ReturnUrl = Local(returnUrl);
        await LoadEmailAsync();
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

    /// <summary>Sets (or, empty, removes) the person's own email, checked as a unit contact's is.</summary>
    public async Task<IActionResult> OnPostEmailAsync(string? email)
    {
        await LoadEmailAsync();
        if (!ReceivesEmail) return Forbid();
        var address = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        if (address is not null && !EmailAddress.IsValid(address))
        {
            Email = email;
            Problem = T["Email.Invalid"];
            return Page();
        }
        await accounts.SetEmailAsync(Me.Name, address, clock.GetUtcNow());
        Done = address is null ? T["Email.Cleared"] : T["Email.Saved"];
        return RedirectToPage();
    }

    private async Task LoadEmailAsync()
    {
        var account = Me.Is(Roles.Supervisor, Roles.Authority) ? await accounts.FindAsync(Me.Name, HttpContext.RequestAborted) : null;
        ReceivesEmail = account is not null;
        Email = account?.Email;
    }

    private string Local(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : "/";
}
