using DbUp;
using DbUp.Engine;

namespace Domains.Migrator;

/// <summary>
/// Prepares a domain's data server (DATAPLANE.md §1) with the SQL under <c>ops/sql/data-server</c>, as
/// <see cref="Migrations"/> does the controller's: each script once, in name order, recorded in the
/// data database's own <c>schemaversions</c>. Then sets the driver's login password (a SCRAM verifier).
/// </summary>
public static class DataServerMigrations
{
    private const string Prefix = "data-server/";

    /// <param name="connectionString">The data server owner's login, database = the one holding the datasets.</param>
    /// <param name="provisionerPassword">The password of <c>domains_provisioner</c> on this server, if it is to be set.</param>
    public static IReadOnlyList<string> Apply(string connectionString, string? provisionerPassword, Action<string>? log = null)
    {
        EnsureDatabase.For.PostgresqlDatabase(connectionString, new NullLog());
        var assembly = typeof(DataServerMigrations).Assembly;
        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                return new SqlScript(name, reader.ReadToEnd());
            })
            .ToList();
        var upgrader = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScripts(scripts)
            .WithTransactionPerScript()
            .WithVariablesDisabled()
            .LogTo(new NullLog())
            .Build();
        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Data server migration {result.ErrorScript?.Name} failed: {result.Error.Message}", result.Error);
        }
        var applied = result.Scripts.Select(s => s.Name).ToList();
        foreach (var name in applied) log?.Invoke($"applied {name}");
        if (provisionerPassword is not null)
        {
            DatabaseRoles.SetPasswords(connectionString, new Dictionary<string, string> { [DatabaseRoles.Provisioner] = provisionerPassword });
            log?.Invoke($"password set: {DatabaseRoles.Provisioner}");
        }
        return applied;
    }

    private sealed class NullLog : DbUp.Engine.Output.IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) { }
        public void LogDebug(string format, params object[] args) { }
        public void LogInformation(string format, params object[] args) { }
        public void LogWarning(string format, params object[] args) { }
        public void LogError(string format, params object[] args) { }
        public void LogError(Exception ex, string format, params object[] args) { }
    }
}
