using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Domains.ClientApi;
using Domains.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Domains.Tests.Api;

/// <summary>
/// AuthOptions promises the signing key is never logged. A second API host, joined to the stack's
/// cluster with a key of its own, logs everything at Trace into memory through its start and a run of
/// refused tokens; no form of the key may appear in any of it.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class SigningKeyLoggingTests(StackFixture stack)
{
    [Fact]
    public async Task SigningKey_AppearsInNoLogEntry_OfStartupAndRefusedTokens()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var tokens = new Tokens(key);
        var logs = new LogCapture();
        await using var api = await ApiHost.StartAsync(stack.Database.Api, stack.Cluster.Options.ClusterId, key, configure: builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            // Every level of every category: a rule for the provider outranks appsettings' "Default".
            builder.Logging.AddFilter<LogCapture>(null, LogLevel.Trace);
        });
        var http = api.Http;
        var attempts = new[]
        {
            tokens.Issue("authority"),
            tokens.Issue("authority", keyOverride: RandomNumberGenerator.GetBytes(32)),
            tokens.Issue("authority", notBefore: DateTime.UtcNow.AddHours(-3), lifetime: TimeSpan.FromHours(1)),
            tokens.Issue("authority", audienceOverride: "another-api"),
            tokens.Issue("authority", issuerOverride: "another-issuer"),
            tokens.Craft("""{"alg":"none","typ":"JWT"}""", """{"sub":"x","role":"authority"}""", signed: false),
            "not-a-jwt",
        };

        var statuses = new List<int>();
        foreach (var token in attempts)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/domains/{Ids.New("dom")}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            statuses.Add((int)response.StatusCode);
        }
        await api.StopAsync();

        Assert.Equal([404, 401, 401, 401, 401, 401, 401], statuses);
        var text = string.Join("\n", logs.Records.Select(r => $"{r.Category} {r.EventName} {r.Message} {r.Exception}"));
        // The capture saw the refusals (the bearer handler logs each one), so its silence about the key means something.
        Assert.Contains("was not authenticated", text, StringComparison.Ordinal);
        foreach (var form in KeyForms(key))
        {
            Assert.DoesNotContain(form, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>The key as configuration holds it (base64), as a JWT library might print it (base64url, hex), and raw.</summary>
    private static IEnumerable<string> KeyForms(byte[] key)
    {
        var base64 = Convert.ToBase64String(key);
        yield return base64;
        yield return base64.TrimEnd('=').Replace('+', '-').Replace('/', '_');
        yield return Convert.ToHexString(key);
        yield return Encoding.Latin1.GetString(key);
    }
}
