using System.Collections.Concurrent;

namespace Domains.Tests.Fixtures;

/// <summary>
/// Log captures for clusters that ask for one: a cluster started with <see cref="Setting"/> = a capture's
/// key logs every record of every silo, at every level, into that capture as well (the silos run in the
/// test process), so a test can look for what must never be logged.
/// </summary>
public static class SiloLogs
{
    public const string Setting = "Tests:LogCapture";

    private static readonly ConcurrentDictionary<string, LogCapture> Captures = new();

    /// <summary>A fresh capture and the key to pass as <see cref="Setting"/>.</summary>
    public static (string Key, LogCapture Capture) New()
    {
        var key = Guid.NewGuid().ToString("N");
        var capture = new LogCapture();
        Captures[key] = capture;
        return (key, capture);
    }

    public static LogCapture? Find(string? key) => key is not null && Captures.TryGetValue(key, out var capture) ? capture : null;

    /// <summary>Drops a capture once its cluster has stopped.</summary>
    public static void Forget(string key) => Captures.TryRemove(key, out _);
}
