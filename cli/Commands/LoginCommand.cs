using Spectre.Console;
using Spectre.Console.Cli;

namespace Domains.Cli.Commands;

/// <summary><c>domainsctl login --url U --token T</c>: checks the token against the API, then saves both.</summary>
public sealed class LoginCommand : AsyncCommand<ApiSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ApiSettings settings, CancellationToken cancellationToken)
    {
        var connection = Connection.Resolve(settings);

        using var api = new ApiSession(connection);
        await api.GetAsync("/v1/domains?limit=1");
        connection.Save();
        Output.Out.MarkupLineInterpolated($"logged in to {connection.Url} ({Connection.ConfigPath})");
        return ExitCodes.Done;
    }
}
