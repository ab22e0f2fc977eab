using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Domains.WebConsole.Accounts;

/// <summary>Checks a local account's password with ASP.NET Core Identity's hasher and keeps the lockout count.</summary>
public sealed class LocalSignIn(AccountStore accounts, IPasswordHasher<Account> hasher, TimeProvider clock, IOptions<ConsoleOptions> options)
{
    public const int MinimumPasswordLength = 12;

    private static readonly char[] Alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".ToCharArray();

    /// <summary>A hash to check unknown names against, so that they take as long as known ones.</summary>
    private static readonly Lazy<string> DecoyHash = new(() => new PasswordHasher<Account>().HashPassword(null!, NewPassword()));

    public static string NewPassword() => RandomNumberGenerator.GetString(Alphabet, 16);

    public async Task<(SignInOutcome Outcome, Account? Account)> CheckAsync(string name, string password)
    {
        var now = clock.GetUtcNow();
        var account = await accounts.FindAsync(name);
        if (account is null)
        {
            hasher.VerifyHashedPassword(null!, DecoyHash.Value, password);
            return (SignInOutcome.WrongNameOrPassword, null);
        }
        // A locked account answers the same whether the password is right or not.
        if (account.IsLockedAt(now)) return (SignInOutcome.LockedOut, null);
        if (hasher.VerifyHashedPassword(account, account.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            var settings = options.Value;
            var after = await accounts.RecordFailureAsync(name, settings.MaxFailedSignIns, now, now + settings.LockoutDuration);
            return (after is not null && after.IsLockedAt(now) ? SignInOutcome.LockedOut : SignInOutcome.WrongNameOrPassword, null);
        }
        await accounts.RecordSuccessAsync(name, now);
        return (account.MustChange ? SignInOutcome.MustChangePassword : SignInOutcome.SignedIn, account);
    }

    public async Task ChangePasswordAsync(Account account, string password) =>
        await accounts.ChangePasswordAsync(account.Name, hasher.HashPassword(account, password), clock.GetUtcNow());

    public string Hash(Account? account, string password) => hasher.HashPassword(account!, password);
}
