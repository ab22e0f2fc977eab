using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace Domains.WebConsole.Accounts;

/// <summary>
/// <c>ops/user add|reset --name N --role R [--unit USCC]</c>: makes or resets a local account and prints
/// a one-time password, which the person changes at the first sign-in. Connects as domains_console
/// (<c>ConnectionStrings__Console</c> in the environment, never on the command line).
/// </summary>
public static partial class AccountCommands
{
    public const string Usage = "usage: ops/user add|reset --name NAME --role authority|supervisor|unit|auditor [--unit USCC]";

    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.FirstOrDefault();
        string? name = null, role = null, unit = null;
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--name": name = value; i++; break;
                case "--role": role = value; i++; break;
                case "--unit": unit = value; i++; break;
                default: return Fail($"unknown argument {args[i]}");
            }
        }
        if (verb is not ("add" or "reset")) return Fail("the first word must be add or reset");
        if (string.IsNullOrWhiteSpace(name) || !NamePattern().IsMatch(name)) return Fail("--name must be 1–64 letters, digits, '.', '-', '_' or '@'");
        if (verb == "add" && role is null) return Fail("--role is required");
        if (role is not null && !Roles.People.Contains(role)) return Fail("--role must be one of authority supervisor unit auditor");
        if (role == Roles.Unit && (unit is null || !UsccPattern().IsMatch(unit))) return Fail("--unit USCC (18 characters) is required for the unit role");
        if (role is not null && role != Roles.Unit && unit is not null) return Fail("--unit is only for the unit role");

        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Console");
        if (string.IsNullOrEmpty(connectionString)) return Fail("ConnectionStrings__Console is not set");
        await using var database = NpgsqlDataSource.Create(connectionString);
        var store = new AccountStore(database);
        var password = LocalSignIn.NewPassword();
        var hash = new PasswordHasher<Account>().HashPassword(null!, password);
        var now = TimeProvider.System.GetUtcNow();
        var done = verb == "add"
            ? await store.AddAsync(name, role!, unit, hash, now)
            : await store.ResetAsync(name, role, role is null ? null : unit, hash, now);
        if (!done) return Fail(verb == "add" ? $"an account named {name} exists (use reset)" : $"no account named {name}");
        Console.WriteLine($"account {name}: one-time password {password} (to be changed at the first sign-in)");
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"ops/user: {message}");
        Console.Error.WriteLine(Usage);
        return 2;
    }

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[0-9A-HJ-NPQRTUWXY]{18}$")]
    private static partial Regex UsccPattern();
}
