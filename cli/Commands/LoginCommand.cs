using Spectre.Console;

namespace Domains.Cli.Commands;

/// <summary><c>domainsctl login --url U --token T</c>: checks the token against the API, then saves both.</summary>
public static class LoginCommand
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var connection = Connection.Resolve(args);
        args.EnsureAllTaken();

        using var api = new ApiSession(connection);
        await api.GetAsync("/v1/domains?limit=1");
        connection.Save();
        Output.Out.MarkupLineInterpolated($"logged in to {connection.Url} ({Connection.ConfigPath})");
        return ExitCodes.Done;
    }
}
