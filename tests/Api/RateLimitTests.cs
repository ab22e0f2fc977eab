using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Domains.Tests.Fixtures;
using Microsoft.Extensions.Options;

namespace Domains.Tests.Api;

/// <summary>
/// Writes are limited per token subject and anonymous routes per client address: the caller over its
/// limit hears 429 rate-limited with Retry-After, others go on. Each test runs its own API host with
/// small limits and a window far longer than the test, so no window ends mid-test.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class RateLimitTests(StackFixture stack)
{
    private const int Limit = 3;

    private static readonly Dictionary<string, string?> SmallLimits = new()
    {
        ["RateLimits:WritesPerToken"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:WriteWindow"] = "01:00:00",
        ["RateLimits:AnonymousPerAddress"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:AnonymousWindow"] = "01:00:00",
    };

    [Fact]
    public async Task Write_OverTheTokensLimit_Is429RateLimitedWithRetryAfter_AndAnotherTokenStillWrites()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var tokens = new Tokens(key);
        await using var api = await ApiHost.StartAsync(stack.Database.Api, stack.Cluster.Options.ClusterId, key, SmallLimits);
        var busy = tokens.Issue("authority", subject: "busy-authority");
        var other = tokens.Issue("authority", subject: "other-authority");

        var usccs = Enumerable.Range(0, Limit + 2).Select(_ => Usccs.New()).ToArray();

        var allowed = new List<HttpStatusCode>();
        for (var i = 0; i < Limit; i++) allowed.Add((await RegisterAsync(api, busy, usccs[i])).StatusCode);
        using var over = await RegisterAsync(api, busy, usccs[Limit]);
        using var others = await RegisterAsync(api, other, usccs[Limit + 1]);
        using var read = await SendAsync(api, HttpMethod.Get, $"/v1/units/{usccs[0]}", busy);

        Assert.All(allowed, status => Assert.Equal(HttpStatusCode.Created, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        Assert.Equal("application/problem+json", over.Content.Headers.ContentType?.MediaType);
        Assert.Equal("rate-limited", await CodeAsync(over));
        Assert.True(over.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After names a positive delay");
        Assert.Equal(HttpStatusCode.Created, others.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task PublicRoute_OverTheAddresssLimit_Is429RateLimited_AndAnotherAddressStillReads()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        await using var api = await ApiHost.StartAsync(stack.Database.Api, stack.Cluster.Options.ClusterId, key, SmallLimits);
        using var elsewhere = FromAddress(api.Http.BaseAddress!, IPAddress.Parse("127.0.0.2"));

        var allowed = new List<HttpStatusCode>();
        for (var i = 0; i < Limit; i++) allowed.Add((await api.Http.GetAsync("/v1/public/notices")).StatusCode);
        using var over = await api.Http.GetAsync("/v1/public/notices");
        using var ready = await api.Http.GetAsync("/readyz");
        using var otherAddress = await elsewhere.GetAsync("/v1/public/notices");

        Assert.All(allowed, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        Assert.Equal("rate-limited", await CodeAsync(over));
        Assert.True(over.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After names a positive delay");
        Assert.Equal(HttpStatusCode.TooManyRequests, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherAddress.StatusCode);
    }

    [Fact]
    public async Task Api_WithAZeroLimit_DoesNotStart()
    {
        var key = RandomNumberGenerator.GetBytes(32);

        var start = ApiHost.StartAsync(stack.Database.Api, stack.Cluster.Options.ClusterId, key,
            new Dictionary<string, string?> { ["RateLimits:WritesPerToken"] = "0" });

        await Assert.ThrowsAsync<OptionsValidationException>(() => start);
    }

    private static Task<HttpResponseMessage> RegisterAsync(ApiHost api, string token, string uscc) =>
        SendAsync(api, HttpMethod.Put, $"/v1/units/{uscc}", token, Samples.UnitBody());

    private static Task<HttpResponseMessage> SendAsync(ApiHost api, HttpMethod method, string path, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        return api.Http.SendAsync(request);
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString();

    /// <summary>A client whose connections leave from <paramref name="local"/> (any 127/8 address reaches loopback).</summary>
    private static HttpClient FromAddress(Uri baseAddress, IPAddress local) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = baseAddress };
}
