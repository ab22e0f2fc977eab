using System.Net.Mail;

namespace Domains.GrainInterfaces.Units;

/// <summary>
/// What an email address must be wherever one is given (a unit's contacts, a console account's email,
/// the configured addresses): a single bare address (<c>local@domain</c>, no display name, no list), as a
/// relay accepts it in <c>RCPT TO</c>. The console compiles this file too (it references no grain project);
/// internal, so the two copies never meet in an assembly that references both.
/// </summary>
internal static class EmailAddress
{
    public const int MaximumLength = 254;

    public static bool IsValid(string? email) =>
        email is { Length: > 0 and <= MaximumLength }
        && email.Trim() == email
        && MailAddress.TryCreate(email, out var parsed)
        && parsed.Address == email
        && parsed.Host.Contains('.', StringComparison.Ordinal);
}
