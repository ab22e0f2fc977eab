using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Domains.GrainInterfaces.Usage;

namespace Domains.Grains.Drivers.Postgres;

/// <summary>
/// One line of the data server's <c>jsonlog</c> that is a usage record: a login's connection
/// (<c>connection authorized</c>), its end (<c>disconnection</c>) or a statement (<c>statement:</c> for the
/// simple protocol, <c>execute …:</c> for the extended one). Statements keep at most 4,000 characters and
/// never a password literal.
/// </summary>
public sealed partial record UsageLogLine(string Role, string Session, UsageKind Kind, string? Statement, DateTimeOffset At)
{
    public const int MaxStatementLength = 4_000;

    /// <summary>The record a line holds, or null for any other line (other logins, errors, the server's own).</summary>
    public static UsageLogLine? Parse(ReadOnlySpan<byte> line, Regex roles)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.ToArray());
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !Text(root, "user", out var user) || !roles.IsMatch(user)
                || !Text(root, "error_severity", out var severity) || severity != "LOG"
                || !Text(root, "message", out var message)
                || !Text(root, "session_id", out var session)
                || !Text(root, "timestamp", out var timestamp) || !TryInstant(timestamp, out var at))
            {
                return null;
            }

            if (message.StartsWith("connection authorized:", StringComparison.Ordinal)) return new(user, session, UsageKind.Connect, null, at);
            if (message.StartsWith("disconnection:", StringComparison.Ordinal)) return new(user, session, UsageKind.Disconnect, null, at);
            if (message.StartsWith("statement: ", StringComparison.Ordinal)) return new(user, session, UsageKind.Statement, Clean(message["statement: ".Length..]), at);
            if (Execute().Match(message) is { Success: true } execute)
            {
                return new(user, session, UsageKind.Statement, Clean(message[execute.Length..]), at);
            }
            return null;
        }
    }

    private static string Clean(string statement)
    {
        var redacted = Password().Replace(statement, "PASSWORD '********'");
        return redacted.Length <= MaxStatementLength ? redacted : redacted[..MaxStatementLength];
    }

    private static bool Text(JsonElement root, string name, out string value)
    {
        value = "";
        if (!root.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String) return false;
        value = element.GetString()!;
        return true;
    }

    /// <summary>jsonlog's <c>2026-12-04 01:53:14.391 UTC</c> (ops/pg sets <c>log_timezone = UTC</c>).</summary>
    private static bool TryInstant(string text, out DateTimeOffset at)
    {
        var trimmed = text.EndsWith(" UTC", StringComparison.Ordinal) ? text[..^4] : text;
        return DateTimeOffset.TryParseExact(trimmed, ["yyyy-MM-dd HH:mm:ss.fff", "yyyy-MM-dd HH:mm:ss"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);
    }

    [GeneratedRegex(@"^execute (?:fetch from )?[^\s:]+(?:/[^\s:]+)?: ")]
    private static partial Regex Execute();

    [GeneratedRegex(@"PASSWORD\s+(?:E?'(?:[^']|'')*'|\$[A-Za-z0-9_]*\$.*?\$[A-Za-z0-9_]*\$)", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Password();
}
