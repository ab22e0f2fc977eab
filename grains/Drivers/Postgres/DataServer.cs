using Npgsql;

namespace Domains.Grains.Drivers.Postgres;

/// <summary>One domain data server as the driver reaches it: its pool (the driver's login) and the address a workspace connects to.</summary>
public sealed class DataServer(NpgsqlDataSource source, string host, int port, string database)
{
    public NpgsqlDataSource Source { get; } = source;

    public string Host { get; } = host;

    public int Port { get; } = port;

    public string Database { get; } = database;
}
