namespace Domains.Cli;

/// <summary>CONSOLE.md §2: 0 done, 1 refused by the API (or the API unreachable), 2 a usage error.</summary>
public static class ExitCodes
{
    public const int Done = 0;
    public const int Refused = 1;
    public const int Usage = 2;
}
