using System.Reflection;
using DbUp;
using DbUp.Engine;

namespace Domains.Migrator;

/// <summary>
/// Applies the SQL under <c>ops/sql</c>, embedded in this assembly: first the Orleans provider schema
/// (<c>sql/orleans</c>), then ours (<c>sql/migrations</c>), each script once, in name order, each in its
/// own transaction. DbUp records applied scripts in <c>schemaversions</c>; scripts are forward-only.
/// </summary>
public static class Migrations
{
    /// <param name="rolePasswords">Passwords of login roles (<see cref="DatabaseRoles.Logins"/>) to set after the scripts.</param>
    public static IReadOnlyList<string> Apply(string connectionString, Action<string>? log = null, IReadOnlyDictionary<string, string>? rolePasswords = null)
    {
        EnsureDatabase.For.PostgresqlDatabase(connectionString, new NullLog());
        var assembly = typeof(Migrations).Assembly;
        var upgrader = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScripts(Scripts(assembly, "orleans/", runGroupOrder: 1))
            .WithScripts(Scripts(assembly, "migrations/", runGroupOrder: 2))
            .WithTransactionPerScript()
            .WithVariablesDisabled()
            .LogTo(new NullLog())
            .Build();

        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed: {result.Error.Message}", result.Error);
        }

        var applied = result.Scripts.Select(s => s.Name).ToList();
        foreach (var name in applied) log?.Invoke($"applied {name}");
        DatabaseRoles.AdoptWorkspaces(connectionString);
        if (rolePasswords is { Count: > 0 })
        {
            DatabaseRoles.SetPasswords(connectionString, rolePasswords);
            log?.Invoke($"passwords set: {string.Join(", ", rolePasswords.Keys.Order(StringComparer.Ordinal))}");
        }
        return applied;
    }

    private static IEnumerable<SqlScript> Scripts(Assembly assembly, string prefix, int runGroupOrder) =>
        assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                return new SqlScript(name, reader.ReadToEnd(), new SqlScriptOptions { RunGroupOrder = runGroupOrder });
            })
            .ToList();

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
