using Npgsql;

namespace Domains.Grains.Storage;

/// <summary>
/// Which exceptions mean "the database did not answer", and which of those a second try on a fresh
/// connection can cure: a pooled connection that a PostgreSQL restart cut is only found broken when it
/// is next used, so the first statement after the restart fails although the server is back.
/// </summary>
public static class DatabaseFailures
{
    public static bool IsDatabaseFailure(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is NpgsqlException or System.Net.Sockets.SocketException) return true;
            if (ex is AggregateException aggregate && aggregate.InnerExceptions.Any(IsDatabaseFailure)) return true;
        }
        return false;
    }

    /// <summary>
    /// A connection that broke under the statement (reset, end of stream, the server's shutdown notice),
    /// as opposed to a refused connect or an error in the statement itself: a refused connect means the
    /// server is still down, and a retry would only double the wait.
    /// </summary>
    public static bool IsBrokenConnection(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (still starting), 08xxx connection exceptions.
                case PostgresException pg:
                    return pg.SqlState is "57P01" or "57P02" or "57P03" || pg.SqlState.StartsWith("08", StringComparison.Ordinal);
                case NpgsqlException { IsTransient: true } npgsql when !IsRefusedConnect(npgsql):
                    return true;
                case System.IO.IOException or System.IO.EndOfStreamException:
                    return true;
            }
        }
        return false;
    }

    private static bool IsRefusedConnect(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused }) return true;
        }
        return false;
    }
}
