using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Domains.Tests.Fixtures;

/// <summary>
/// Keeps every log entry of a host in memory, at every level: the message, its structured values, its
/// scopes and its exception, so a test can search all the text a log sink could ever receive.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new System.Text.StringBuilder($"{logLevel} {category}[{eventId}] {formatter(state, exception)}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values) text.Append($" {key}={value}");
            }
            provider._scopes.ForEachScope((scope, builder) => builder.Append($" scope={scope}"), text);
            if (exception is not null) text.Append(' ').Append(exception);
            provider._entries.Enqueue(text.ToString());
        }
    }
}
