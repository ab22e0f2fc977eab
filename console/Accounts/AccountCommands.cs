using System.Text.RegularExpressions;
using Domains.GrainInterfaces.Units;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace Domains.WebConsole.Accounts;

/// <summary>
/// <c>ops/user add|reset --name N --role R [--unit USCC] [--email A | --no-email]</c>: makes or resets a local
/// account and prints a one-time password, which the person changes at the first sign-in; <c>ops/user disable
/// --name N</c> locks it for good (a reset opens it again). Connects as domains_console
/// (<c>ConnectionStrings__Console</c> in the environment, never on the command line).
/// </summary>
public static partial class AccountCommands
{
    public const string Usage = "usage: ops/user add|reset --name NAME --role authority|supervisor|unit|auditor [--unit USCC] [--email ADDRESS | --no-email]\n"
        + "       ops/user disable --name NAME";

    public static Task<int> RunAsync(string[] args) =>
        RunAsync(args, Environment.GetEnvironmentVariable("ConnectionStrings__Console"), Console.Out, Console.Error);

    public static async Task<int> RunAsync(string[] args, string? connectionString, TextWriter output, TextWriter error)
    {
        var verb = args.FirstOrDefault();
        string? name = null, role = null, unit = null, email = null;
        var noEmail = false;
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--name": name = value; i++; break;
                case "--role": role = value; i++; break;
                case "--unit": unit = value; i++; break;
                case "--email": email = value; i++; break;
                case "--no-email": noEmail = true; break;
                default: return Fail(error, $"unknown argument {args[i]}");
            }
        }
        if (verb is not ("add" or "reset" or "disable")) return Fail(error, "the first word must be add, reset or disable");
        if (string.IsNullOrWhiteSpace(name) || !NamePattern().IsMatch(name)) return Fail(error, "--name must be 1–64 letters, digits, '.', '-', '_' or '@'");
        if (verb == "disable" && (role is not null || unit is not null || email is not null || noEmail)) return Fail(error, "disable takes --name alone");
        if (verb == "add" && role is null) return Fail(error, "--role is required");
        if (role is not null && !Roles.People.Contains(role)) return Fail(error, "--role must be one of authority supervisor unit auditor");
        if (role == Roles.Unit && (unit is null || !UsccPattern().IsMatch(unit))) return Fail(error, "--unit USCC (18 characters) is required for the unit role");
        if (role is not null && role != Roles.Unit && unit is not null) return Fail(error, "--unit is only for the unit role");
        if (email is not null && !EmailAddress.IsValid(email)) return Fail(error, "--email must be one email address (local@domain)");
        if (email is not null && noEmail) return Fail(error, "--email and --no-email exclude each other");

        if (string.IsNullOrEmpty(connectionString)) return Fail(error, "ConnectionStrings__Console is not set");
        await using var database = NpgsqlDataSource.Create(connectionString);
        var store = new AccountStore(database);
        var now = TimeProvider.System.GetUtcNow();
        if (verb == "disable")
        {
            if (!await store.DisableAsync(name, now)) return Fail(error, $"no account named {name}");
            await output.WriteLineAsync($"account {name}: disabled (no sign-in, no email; ops/user reset opens it again)");
            return 0;
        }
        var password = LocalSignIn.NewPassword();
        var hash = new PasswordHasher<Account>().HashPassword(null!, password);
        var change = email is not null || noEmail ? EmailChange.To(email) : default;
        var done = verb == "add"
            ? await store.AddAsync(name, role!, unit, hash, now, email)
            : await store.ResetAsync(name, role, role is null ? null : unit, hash, now, change);
        if (!done) return Fail(error, verb == "add" ? $"an account named {name} exists (use reset)" : $"no account named {name}");
        await output.WriteLineAsync($"account {name}: one-time password {password} (to be changed at the first sign-in)");
        return 0;
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"ops/user: {message}");
        error.WriteLine(Usage);
        return 2;
    }

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[0-9A-HJ-NPQRTUWXY]{18}$")]
    private static partial Regex UsccPattern();
}
