namespace Domains.Tests.Fixtures;

/// <summary>
/// A fresh, migrated database and a connection string per login role: the processes of a test connect
/// as production's do (a cluster as <c>domains_silo</c>, the API as <c>domains_api</c>, the workspace driver
/// as <c>domains_provisioner</c>), while <see cref="Admin"/> (the owner) is the test's own, for inspecting
/// and tampering with rows the roles may not touch.
/// </summary>
public sealed record TestDatabase(string Admin, string Silo, string Api, string Checkpointer, string Auditor, string Provisioner)
{
    /// <summary>The console's login (<c>domains_console</c>): its local accounts and nothing else.</summary>
    public string Console { get; init; } = "";

    /// <summary>What a silo is given besides <c>ConnectionStrings:Domains</c>: the workspace driver's own login.</summary>
    public IReadOnlyDictionary<string, string> SiloSettings => new Dictionary<string, string>
    {
        ["Workspaces:PostgresConnectionString"] = Provisioner,
    };
}
