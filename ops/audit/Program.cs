using Domains.AuditVerify;

// Usage: Domains.AuditVerify [verify] [--public-key FILE]  |  Domains.AuditVerify checkpoint --key FILE
// The connection string comes from ConnectionStrings__Domains (never the command line, which others can read).
var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "verify";
string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Domains");
if (string.IsNullOrWhiteSpace(connectionString))
{
    Console.Error.WriteLine("usage: Domains.AuditVerify [verify [--public-key FILE] | checkpoint --key FILE]  (ConnectionStrings__Domains set)");
    return 2;
}

try
{
    switch (command)
    {
        case "verify":
            using (var key = Option("--public-key") is { } publicKey ? AuditCheckpointer.LoadPublicKey(publicKey) : null)
            {
                return await AuditVerifyCommand.RunAsync(connectionString, Console.Out, key);
            }
        case "checkpoint" when Option("--key") is { } keyPath:
            return await AuditVerifyCommand.CheckpointAsync(connectionString, keyPath, Console.Out);
        default:
            Console.Error.WriteLine("usage: Domains.AuditVerify [verify [--public-key FILE] | checkpoint --key FILE]");
            return 2;
    }
}
catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or IOException or System.Security.Cryptography.CryptographicException)
{
    Console.Error.WriteLine($"audit: {ex.Message}");
    return 2;
}
