using Npgsql;

namespace Domains.WebConsole.Accounts;

/// <summary>Local accounts in the controller's database, read and written as <c>domains_console</c> (migrations 0110, 0130).</summary>
public sealed class AccountStore(NpgsqlDataSource database)
{
    private const string Columns = "name, role, unit, password_hash, must_change, failed_count, locked_until, time_zone, email";

    public async Task<Account?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM console_accounts WHERE name = @name");
        command.Parameters.AddWithValue("name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Adds an account; false when the name is taken.</summary>
    public async Task<bool> AddAsync(string name, string role, string? unit, string passwordHash, DateTimeOffset now, string? email = null)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO console_accounts (name, role, unit, password_hash, must_change, email, created_at, updated_at)
            VALUES (@name, @role, @unit, @hash, true, @email, @now, @now) ON CONFLICT (name) DO NOTHING
            """);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("role", role);
        command.Parameters.Add(Text("unit", unit));
        command.Parameters.Add(Text("email", email));
        command.Parameters.AddWithValue("hash", passwordHash);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync() == 1;
    }

    /// <summary>
    /// A new one-time password (and role and unit when given, and the email as <paramref name="email"/> says);
    /// ends the lockout and a disabling. False when there is no such account.
    /// </summary>
    public async Task<bool> ResetAsync(string name, string? role, string? unit, string passwordHash, DateTimeOffset now, EmailChange email = default)
    {
        await using var command = database.CreateCommand("""
            UPDATE console_accounts SET password_hash = @hash, must_change = true, failed_count = 0, locked_until = NULL,
                role = COALESCE(@role, role), unit = CASE WHEN @role IS NULL THEN unit ELSE @unit END,
                email = CASE WHEN @setEmail THEN @email ELSE email END, updated_at = @now
            WHERE name = @name
            """);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.Add(Text("role", role));
        command.Parameters.Add(Text("unit", unit));
        command.Parameters.AddWithValue("setEmail", email.Set);
        command.Parameters.Add(Text("email", email.Email));
        command.Parameters.AddWithValue("hash", passwordHash);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync() == 1;
    }

    /// <summary>
    /// Counts a failed sign-in in one statement (two at once both count) and locks the account when the
    /// count reaches <paramref name="maxFailures"/>; a failure after a lockout ended starts a new count.
    /// </summary>
    public async Task<Account?> RecordFailureAsync(string name, int maxFailures, DateTimeOffset now, DateTimeOffset lockUntil)
    {
        await using var command = database.CreateCommand($"""
            UPDATE console_accounts SET
                failed_count = CASE WHEN locked_until IS NOT NULL AND locked_until <= @now THEN 1 ELSE failed_count + 1 END,
                locked_until = CASE
                    WHEN locked_until > @now THEN locked_until
                    WHEN (CASE WHEN locked_until <= @now THEN 1 ELSE failed_count + 1 END) >= @max THEN @lockUntil
                    ELSE NULL END,
                updated_at = @now
            WHERE name = @name
            RETURNING {Columns}
            """);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("max", maxFailures);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("lockUntil", lockUntil);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? Read(reader) : null;
    }

    public async Task RecordSuccessAsync(string name, DateTimeOffset now)
    {
        await using var command = database.CreateCommand(
            "UPDATE console_accounts SET failed_count = 0, locked_until = NULL, updated_at = @now WHERE name = @name");
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync();
    }

    public async Task ChangePasswordAsync(string name, string passwordHash, DateTimeOffset now)
    {
        await using var command = database.CreateCommand(
            "UPDATE console_accounts SET password_hash = @hash, must_change = false, updated_at = @now WHERE name = @name");
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("hash", passwordHash);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The person's own email for notices (null: none); checked by the caller.</summary>
    public async Task SetEmailAsync(string name, string? email, DateTimeOffset now)
    {
        await using var command = database.CreateCommand(
            "UPDATE console_accounts SET email = @email, updated_at = @now WHERE name = @name");
        command.Parameters.AddWithValue("name", name);
        command.Parameters.Add(Text("email", email));
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Locks the account for good (<c>locked_until = 'infinity'</c>): no sign-in and no more email to its role's
    /// notices until a reset. False when there is no such account.
    /// </summary>
    public async Task<bool> DisableAsync(string name, DateTimeOffset now)
    {
        await using var command = database.CreateCommand(
            "UPDATE console_accounts SET locked_until = 'infinity', updated_at = @now WHERE name = @name");
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync() == 1;
    }

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    private static Account Read(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
        reader.GetBoolean(4), reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetString(8));
}
