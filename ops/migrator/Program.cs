using Domains.Migrator;

// Usage: Domains.Migrator [--role-passwords DIR]   with ConnectionStrings__Domains (the owner's login) in the environment.
//        Domains.Migrator --data-server [--role-passwords DIR]   prepares a domain's data server instead (its owner's login).
// The connection string never comes from the command line, which every user of the host can read; nor do
// the login roles' passwords: DIR holds one file per role, <role>.password (ops/run keeps them under DATA/roles).
string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Domains");
var passwordsDirectory = Option("--role-passwords");
var dataServer = args.Contains("--data-server");
if (string.IsNullOrWhiteSpace(connectionString) || args.Length != (passwordsDirectory is null ? 0 : 2) + (dataServer ? 1 : 0))
{
    Console.Error.WriteLine("usage: Domains.Migrator [--data-server] [--role-passwords DIR]  (ConnectionStrings__Domains set; never on the command line)");
    return 2;
}

if (dataServer)
{
    try
    {
        var password = passwordsDirectory is null ? null : DatabaseRoles.ReadPasswords(passwordsDirectory).GetValueOrDefault(DatabaseRoles.Provisioner);
        var applied = DataServerMigrations.Apply(connectionString, password, Console.WriteLine);
        // The usage-log collector's login there (sql/data-server/0080), when DIR holds its password.
        if (passwordsDirectory is not null && UsageLogReader.ReadPassword(passwordsDirectory) is { } readerPassword)
        {
            UsageLogReader.SetPassword(connectionString, readerPassword);
            Console.WriteLine($"password set: {UsageLogReader.Role}");
        }
        Console.WriteLine(applied.Count == 0 ? "data server is up to date" : $"{applied.Count} data server script(s) applied");
        return 0;
    }
    catch (Exception ex)
    {
        Console.Error.WriteLine($"data server migration failed: {ex.Message}");
        return 1;
    }
}

try
{
    var passwords = passwordsDirectory is null ? null : DatabaseRoles.ReadPasswords(passwordsDirectory);
    var applied = Migrations.Apply(connectionString, Console.WriteLine, passwords);
    Console.WriteLine(applied.Count == 0 ? "database is up to date" : $"{applied.Count} script(s) applied");
    return 0;
}
catch (Exception ex)
{
    Console.Error.WriteLine($"migration failed: {ex.Message}");
    return 1;
}
