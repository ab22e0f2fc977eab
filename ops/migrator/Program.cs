using Domains.Migrator;

// Usage: Domains.Migrator <connection string>   (or ConnectionStrings__Domains in the environment)
var connectionString = args.FirstOrDefault() ?? Environment.GetEnvironmentVariable("ConnectionStrings__Domains");
if (string.IsNullOrWhiteSpace(connectionString))
{
    Console.Error.WriteLine("usage: Domains.Migrator <connection string>  (or set ConnectionStrings__Domains)");
    return 2;
}

try
{
    var applied = Migrations.Apply(connectionString, Console.WriteLine);
    Console.WriteLine(applied.Count == 0 ? "database is up to date" : $"{applied.Count} script(s) applied");
    return 0;
}
catch (Exception ex)
{
    Console.Error.WriteLine($"migration failed: {ex.Message}");
    return 1;
}
