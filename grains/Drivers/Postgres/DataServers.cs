using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Domains.Grains.Drivers.Postgres;

/// <summary>
/// Which data server holds a domain's datasets and workspaces (<c>Workspaces:DataServers</c>): one pool
/// per distinct server, made on first use. A domain with no server configured is an error of the
/// deployment, never a fall back to the controller's own server.
/// </summary>
public sealed class DataServers(IOptions<WorkspaceOptions> options) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<DataServer>> _servers = new(StringComparer.Ordinal);

    public DataServer For(string domainId)
    {
        var connectionString = options.Value.DataServerOf(domainId)
            ?? throw new InvalidOperationException($"No data server is configured for domain {domainId} (Workspaces:DataServers:Default).");
        return _servers.GetOrAdd(connectionString, cs => new Lazy<DataServer>(() => Open(cs))).Value;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers.Values.Where(s => s.IsValueCreated)) await server.Value.Source.DisposeAsync();
    }

    private static DataServer Open(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new DataServer(NpgsqlDataSource.Create(connectionString), builder.Host ?? "localhost", builder.Port,
            builder.Database ?? builder.Username ?? "postgres");
    }
}
