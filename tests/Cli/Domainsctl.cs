using System.Diagnostics;
using System.Text;

namespace Domains.Tests.Cli;

/// <summary>Runs the built domainsctl as its own process against a stack, as a pipeline would.</summary>
public sealed class Domainsctl(Uri url, string? token)
{
    public const string ConfirmPrompt = "only 'yes' applies";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "domainsctl.dll");

    public async Task<CliRun> RunAsync(params string[] arguments) => await RunAsync(arguments, stdout: null);

    /// <summary>Runs it; standard output goes to <paramref name="stdout"/> when given (a file), else is captured.</summary>
    public async Task<CliRun> RunAsync(string[] arguments, string? stdout)
    {
        using var process = Start(arguments);
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
        using var timeout = new CancellationTokenSource(Timeout);
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, output, await errors);
    }

    /// <summary>
    /// Runs <c>apply --confirm</c>: once it asks (the plan read and printed), runs <paramref name="meanwhile"/>, then
    /// answers <paramref name="answer"/> on standard input.
    /// </summary>
    public async Task<CliRun> RunConfirmingAsync(string[] arguments, Func<Task> meanwhile, string answer = "yes")
    {
        using var process = Start(arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        var errors = new StringBuilder();
        var buffer = new char[1024];
        while (!errors.ToString().Contains(ConfirmPrompt, StringComparison.Ordinal))
        {
            var read = await process.StandardError.ReadAsync(buffer, timeout.Token);
            if (read == 0) break; // it ended without asking: the run says why
            errors.Append(buffer, 0, read);
        }
        if (!process.HasExited)
        {
            await meanwhile();
            await process.StandardInput.WriteLineAsync(answer);
            process.StandardInput.Close();
        }
        errors.Append(await process.StandardError.ReadToEndAsync(timeout.Token));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await output, errors.ToString());
    }

    private Process Start(string[] arguments)
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
        return Process.Start(start)!;
    }
}

public sealed record CliRun(int Exit, string Out, string Err)
{
    public override string ToString() => $"exit {Exit}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}
