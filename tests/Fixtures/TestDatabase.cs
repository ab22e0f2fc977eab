namespace Domains.Tests.Fixtures;

/// <summary>
/// A fresh, migrated database and a connection string per login role: the processes of a test connect
/// as production's do (a cluster as <c>domains_silo</c>, the API as <c>domains_api</c>, the workspace driver
/// as <c>domains_provisioner</c>), while <see cref="Admin"/> (the owner) is the test's own, for inspecting
/// and tampering with rows the roles may not touch. <see cref="DataServer"/> is the driver's login on the run's
/// second server (the domains' data server, <see cref="PostgresServer.Data"/>), <see cref="DataAdmin"/> its owner's.
/// <see cref="Provisioner"/> is that role's login on the controller's server, where it may connect nowhere.
/// </summary>
public sealed record TestDatabase(string Admin, string Silo, string Api, string Checkpointer, string Auditor, string Provisioner)
{
    /// <summary>The console's login (<c>domains_console</c>): its local accounts and nothing else.</summary>
    public string Console { get; init; } = "";

    /// <summary>The owner of this database's data database on the data server (loads datasets, inspects).</summary>
    public string DataAdmin { get; init; } = "";

    /// <summary>The workspace driver's login on the data server.</summary>
    public string DataServer { get; init; } = "";

    /// <summary>What a silo is given besides <c>ConnectionStrings:Domains</c>: the domains' data server (the driver's login there).</summary>
    public IReadOnlyDictionary<string, string> SiloSettings => new Dictionary<string, string>
    {
        ["Workspaces:DataServers:Default"] = DataServer,
    };
}
