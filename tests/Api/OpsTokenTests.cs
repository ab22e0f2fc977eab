using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Domains.Tests.Fixtures;

namespace Domains.Tests.Api;

/// <summary>
/// <c>ops/token</c> signs with the key in DATA/jwt.key without the key ever being an argument of a process
/// (anyone on the host reads arguments in <c>ps</c>): every program it runs goes through a shim that
/// records its arguments, and no form of the key may be among them; the token it prints is accepted.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class OpsTokenTests(StackFixture stack)
{
    private static readonly string[] Programs = ["openssl", "od", "tr", "base64", "date", "sed", "head", "cat"];

    [Fact]
    public async Task OpsToken_SignsWithTheKeyFile_WithoutTheKeyOnAnyCommandLine()
    {
        var key = RandomNumberGenerator.GetBytes(48);
        var data = Directory.CreateTempSubdirectory("domains-token-");
        await File.WriteAllTextAsync(Path.Combine(data.FullName, "jwt.key"), Convert.ToBase64String(key));
        var shims = Directory.CreateDirectory(Path.Combine(data.FullName, "shims"));
        var recorded = Path.Combine(data.FullName, "arguments.log");
        foreach (var program in Programs) WriteShim(shims.FullName, program, recorded);
        await using var api = await ApiHost.StartAsync(stack.ConnectionString, stack.Cluster.Options.ClusterId, key);

        var token = await RunTokenAsync(data.FullName, shims.FullName);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/domains/{Ids.New("dom")}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await api.Http.SendAsync(request);
        Assert.Equal(404, (int)response.StatusCode);
        var arguments = await File.ReadAllTextAsync(recorded);
        // The shims saw the signing (openssl ran), so their silence about the key means something.
        Assert.Contains("openssl dgst", arguments, StringComparison.Ordinal);
        var base64 = Convert.ToBase64String(key);
        foreach (var form in new[] { base64, base64.TrimEnd('=').Replace('+', '-').Replace('/', '_'), Convert.ToHexString(key) })
        {
            Assert.DoesNotContain(form, arguments, StringComparison.OrdinalIgnoreCase);
        }
        data.Delete(recursive: true);
    }

    /// <summary>A program of that name first in PATH that appends its arguments to the log and runs the real one.</summary>
    private static void WriteShim(string folder, string program, string log)
    {
        var real = Path.Combine("/usr/bin", program);
        if (!File.Exists(real)) real = Path.Combine("/bin", program);
        var path = Path.Combine(folder, program);
        File.WriteAllText(path, $"#!/bin/bash\nprintf '%s\\n' \"{program} $*\" >> '{log}'\nexec '{real}' \"$@\"\n");
        // The suite runs on Linux (bash, PostgreSQL); the guard only tells the platform analyzer so.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static async Task<string> RunTokenAsync(string data, string shims)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(RepoRoot.Path, "ops/token"), "--role", "authority", "--data", data }) start.ArgumentList.Add(arg);
        start.Environment["PATH"] = $"{shims}:{Environment.GetEnvironmentVariable("PATH")}";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, await errors);
        return (await output).Trim();
    }
}
