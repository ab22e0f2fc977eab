namespace Domains.WebConsole.Accounts;

/// <summary>
/// A local account (table <c>console_accounts</c>): the hash is ASP.NET Core Identity's, never the password;
/// <see cref="Email"/> is where notices to the account's role (supervisors, the authority) also go by email.
/// </summary>
public sealed record Account(
    string Name, string Role, string? Unit, string PasswordHash, bool MustChange, int FailedCount,
    DateTimeOffset? LockedUntil, string TimeZone, string? Email)
{
    public bool IsLockedAt(DateTimeOffset now) => LockedUntil is { } until && until > now;

    public Person ToPerson() => new(Name, Role, Unit, TimeZone);
}
