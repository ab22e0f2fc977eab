using System.Diagnostics;

namespace Domains.Tests.Cli;

/// <summary>Runs the built domainsctl as its own process against a stack, as a pipeline would.</summary>
public sealed class Domainsctl(Uri url, string? token)
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "domainsctl.dll");

    public async Task<CliRun> RunAsync(params string[] arguments) => await RunAsync(arguments, stdout: null);

    /// <summary>Runs it; standard output goes to <paramref name="stdout"/> when given (a file), else is captured.</summary>
    public async Task<CliRun> RunAsync(string[] arguments, string? stdout)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(Dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DOMAINS_URL"] = url.ToString();
        if (token is not null) start.Environment["DOMAINS_TOKEN"] = token;
        else start.Environment.Remove("DOMAINS_TOKEN");
        start.Environment["DOMAINSCTL_CONFIG"] = Path.Combine(Path.GetTempPath(), $"domainsctl-{Guid.NewGuid():N}.json");
        start.Environment["NO_COLOR"] = "1";
        start.Environment["COLUMNS"] = "240";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var errors = process.StandardError.ReadToEndAsync();
        string output;
        if (stdout is null)
        {
            output = await process.StandardOutput.ReadToEndAsync();
        }
        else
        {
            await using (var file = File.Create(stdout)) await process.StandardOutput.BaseStream.CopyToAsync(file);
            output = "";
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, output, await errors);
    }
}

public sealed record CliRun(int Exit, string Out, string Err)
{
    public override string ToString() => $"exit {Exit}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}
