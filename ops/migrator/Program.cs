using Domains.Migrator;

// Usage: Domains.Migrator [--role-passwords DIR]   with ConnectionStrings__Domains (the owner's login) in the environment.
// The connection string never comes from the command line, which every user of the host can read; nor do
// the login roles' passwords: DIR holds one file per role, <role>.password (ops/run keeps them under DATA/roles).
string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Domains");
var passwordsDirectory = Option("--role-passwords");
if (string.IsNullOrWhiteSpace(connectionString) || args.Length != (passwordsDirectory is null ? 0 : 2))
{
    Console.Error.WriteLine("usage: Domains.Migrator [--role-passwords DIR]  (ConnectionStrings__Domains set; never on the command line)");
    return 2;
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
