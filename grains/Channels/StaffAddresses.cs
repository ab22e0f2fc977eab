using Domains.GrainInterfaces;
using Domains.Grains.Notifications;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;

namespace Domains.Grains.Channels;

/// <summary>
/// Where email to <c>supervisors</c> or <c>authority</c> goes: the configured addresses
/// (<see cref="ChannelOptions"/>) and the emails of that role's console accounts (migration 0130), except
/// an account disabled for good (<c>locked_until = 'infinity'</c>; a lockout after failed sign-ins is
/// temporary and stops no mail). One address once, however it is capitalised or wherever it comes from.
/// Read on every attempt, so an account given an email or disabled counts from its next notice on.
/// </summary>
public sealed class StaffAddresses(NpgsqlDataSource db, IOptions<ChannelOptions> options)
{
    // Only the columns the silo is granted (role, email, locked_until): never a name or a password hash.
    private const string AccountsSql = """
        SELECT email FROM console_accounts
        WHERE role = @role AND email IS NOT NULL AND locked_until IS DISTINCT FROM 'infinity'
        ORDER BY email
        """;

    /// <summary>The addresses of <paramref name="recipient"/>, or null when it is no staff group (a unit).</summary>
    public async Task<IReadOnlyList<MailboxAddress>?> OfAsync(string recipient)
    {
        (string Role, List<string> Configured)? group = recipient switch
        {
            Recipients.Supervisors => (RoleNames.Supervisor, options.Value.SupervisorAddresses),
            Recipients.Authority => (RoleNames.Authority, options.Value.AuthorityAddresses),
            _ => null,
        };
        if (group is not { } found) return null;

        var (role, configured) = found;
        var addresses = new List<string>(configured);
        await using var cmd = db.CreateCommand(AccountsSql);
        cmd.Parameters.AddWithValue("role", role);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) addresses.Add(reader.GetString(0));
        return addresses.Distinct(StringComparer.OrdinalIgnoreCase).Select(a => new MailboxAddress(null, a)).ToList();
    }
}
