using Domains.Grains.Access;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Domains.Tests.Units;

public sealed class AccessLogWriterTests
{
    [Fact]
    public void Record_BeyondTheQueuesCapacity_DropsAndCountsWhatDoesNotFit()
    {
        // Never started and never connected: the queue fills as it would while the database is down.
        using var db = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Database=none;Username=none");
        using var writer = new AccessLogWriter(db, NullLogger<AccessLogWriter>.Instance);
        var entry = new AccessLogEntry("key", "ws", "unit", "ds", true, "allowed", DateTimeOffset.UnixEpoch);

        for (var i = 0; i < AccessLogWriter.Capacity + 7; i++) writer.Record(entry);

        Assert.Equal(7, writer.Dropped);
    }
}
