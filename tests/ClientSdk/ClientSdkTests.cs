using System.Diagnostics;
using System.Net;
using Domains.ClientSdk;
using Domains.ClientSdk.Generated.Models;
using Domains.ClientSdk.Generated.V1.Domains.Item;
using Domains.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Domains.Tests.ClientSdk;

/// <summary>client-sdk/: generated from the live document (and checked against it), with its handlers.</summary>
[Collection(StackCollection.Name)]
public sealed class ClientSdkTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);

    private DomainsClient Client(string role, bool ifMatch = false) =>
        new(new DomainsClientOptions { BaseUrl = stack.Http.BaseAddress!, Token = stack.Tokens.Issue(role, null), IfMatchLastRead = ifMatch });

    [Fact]
    public async Task Regenerating_FromTheRunningApisDocument_ChangesNoFile()
    {
        var document = await _api.GetAsync("/openapi/v1.json", role: null);
        var work = Directory.CreateTempSubdirectory("client-sdk-");
        try
        {
            var file = Path.Combine(work.FullName, "v1.json");
            await File.WriteAllTextAsync(file, document.Body);
            // For whoever changed a route: DOMAINS_OPENAPI_OUT=path keeps the live document to run client-sdk/generate on.
            if (Environment.GetEnvironmentVariable("DOMAINS_OPENAPI_OUT") is { Length: > 0 } keep) File.Copy(file, keep, overwrite: true);
            var output = Path.Combine(work.FullName, "Generated");

            var (exit, log) = await RunAsync(Path.Combine(RepoRoot.Path, "client-sdk", "generate"), "--output", output, file);

            Assert.True(exit == 0, log);
            var committed = Path.Combine(RepoRoot.Path, "client-sdk", "Generated");
            var expected = Files(committed);
            var actual = Files(output);
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
            var differing = expected.Where(f => f.Value != actual[f.Key]).Select(f => f.Key).ToList();
            Assert.True(differing.Count == 0, "client-sdk/Generated differs from the live document; run client-sdk/generate: " + string.Join(", ", differing));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task TypedClient_RegistersAndReadsADomain_AndIfMatchFromTheLastReadRefusesAStaleWrite()
    {
        var id = Ids.New("dom");
        using var authority = Client("authority", ifMatch: true);
        var body = new DomainsPutRequestBody { Name = "Ningde", Level = DomainsPutRequestBody_level.City, RegionCode = "350900", StandardVersion = "v1" };

        var created = await authority.Api.V1.Domains[id].PutAsync(body);
        var read = await authority.Api.V1.Domains[id].GetAsync();
        await _api.PutAsync($"/v1/domains/{id}", "authority", new { name = "changed by another", level = "city", regionCode = "350900", standardVersion = "v1" });
        var stale = await Assert.ThrowsAsync<Problem>(() => authority.Api.V1.Domains[id].PutAsync(body));

        Assert.Equal(DomainStatus.Planned, created!.State);
        Assert.Equal("Ningde", read!.Name);
        Assert.Equal("\"1\"", authority.ETags.LastETag($"/v1/domains/{id}"));
        Assert.Equal(412, stale.Status);
        Assert.Equal(Problem_code.VersionMismatch, stale.Code);
    }

    [Fact]
    public async Task Post_WithoutAKey_GetsOne_AndARetryAfter503ResendsItAfterRetryAfter()
    {
        var keys = new List<string?>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapPost("/v1/domains/d1/built", (HttpContext http) =>
        {
            keys.Add(http.Request.Headers["Idempotency-Key"]);
            if (keys.Count == 1)
            {
                http.Response.Headers.RetryAfter = "1";
                return Results.StatusCode(503);
            }
            return Results.Ok();
        });
        await app.StartAsync();
        using var client = new DomainsClient(new DomainsClientOptions { BaseUrl = new Uri(app.Urls.First()), Token = "t" });

        var clock = Stopwatch.StartNew();
        using var response = await client.Http.PostAsync("/v1/domains/d1/built", new StringContent("{}"));
        clock.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, keys.Count);
        Assert.False(string.IsNullOrEmpty(keys[0]));
        Assert.Equal(keys[0], keys[1]);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), $"retried after {clock.Elapsed}");
    }

    [Fact]
    public async Task RateLimited_429_IsRetriedAtMostMaxRetriesTimes_ThenReturned()
    {
        var calls = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapGet("/v1/domains", () =>
        {
            Interlocked.Increment(ref calls);
            return Results.StatusCode(429);
        });
        await app.StartAsync();
        using var client = new DomainsClient(new DomainsClientOptions
        {
            BaseUrl = new Uri(app.Urls.First()), MaxRetries = 2, FirstBackoff = TimeSpan.FromMilliseconds(10),
        });

        using var response = await client.Http.GetAsync("/v1/domains");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(3, calls);
    }

    private static Dictionary<string, string> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);

    private static async Task<(int Exit, string Log)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoRoot.Path };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }
}
