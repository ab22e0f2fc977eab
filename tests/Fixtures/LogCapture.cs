using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Domains.Tests.Fixtures;

/// <summary>One log record as a console formatter with scopes would print it: category, event, the trace id of its scope, its exception.</summary>
public sealed record CapturedLog(string Category, string? EventName, string Message, string? TraceId, string? Exception = null);

/// <summary>
/// An in-memory logger provider. It takes the factory's scopes (<see cref="ISupportExternalScope"/>),
/// so a record carries the <c>TraceId</c> the host's activity tracking adds, as the JSON console does.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<CapturedLog> Records { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string? traceId = null;
            owner._scopes.ForEachScope((scope, _) =>
            {
                if (scope is not IEnumerable<KeyValuePair<string, object?>> pairs) return;
                foreach (var (key, value) in pairs)
                {
                    if (key == "TraceId") traceId = value?.ToString();
                }
            }, (object?)null);
            owner.Records.Enqueue(new CapturedLog(category, eventId.Name, formatter(state, exception), traceId, exception?.ToString()));
        }
    }
}
