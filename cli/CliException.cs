namespace Domains.Cli;

/// <summary>An expected failure with its one clear line and exit code; never shown as a stack trace.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(ExitCodes.Usage, message);

    public static CliException Refused(string message) => new(ExitCodes.Refused, message);
}
