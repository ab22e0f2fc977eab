using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Domains.Tests.Fixtures;

/// <summary>
/// Stands in for platform automation: Kestrel on loopback, a free port. Each test takes its own
/// <see cref="Hook"/> (a path of its own), so tests share one server and still see only their requests.
/// </summary>
public sealed class WebhookReceiver : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Hook> _hooks = new();
    private WebApplication? _app;
    private string _address = "";

    public Hook NewHook()
    {
        var hook = new Hook(new Uri($"{_address}/hooks/{Guid.NewGuid():N}"));
        _hooks[hook.Url.AbsolutePath] = hook;
        return hook;
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        _app.MapPost("/hooks/{id}", async (HttpContext http) =>
        {
            if (!_hooks.TryGetValue(http.Request.Path.Value!, out var hook)) return Results.NotFound();
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            return Results.StatusCode(hook.Record(http.Request.Headers, body.ToArray()));
        });
        await _app.StartAsync();
        _address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    public sealed record Received(byte[] Body, string? Signature, string? CommandId, string? ContentType, string? NoticeId, int Status,
        string? Timestamp = null)
    {
        /// <summary>
        /// What a receiver checks, as API.md describes it: the HMAC of <c>"timestamp.body"</c> matches, and the
        /// signed timestamp is within <paramref name="tolerance"/> of now (so a captured request replayed later fails).
        /// </summary>
        public bool IsSignedWith(string secret, TimeSpan tolerance, DateTimeOffset now)
        {
            if (!long.TryParse(Timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                return false;
            }
            var signed = System.Text.Encoding.ASCII.GetBytes($"{Timestamp}.").Concat(Body).ToArray();
            var expected = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), signed));
            return expected == Signature && (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() <= tolerance;
        }
    }

    public sealed class Hook(Uri url)
    {
        private readonly Lock _lock = new();
        private readonly List<Received> _requests = [];
        private readonly Queue<int> _script = new();
        private int? _always;

        public Uri Url { get; } = url;

        public IReadOnlyList<Received> Requests
        {
            get { lock (_lock) return [.. _requests]; }
        }

        /// <summary>The next <paramref name="count"/> requests are answered <paramref name="status"/>, then 200 again.</summary>
        public void AnswerNext(int count, int status)
        {
            lock (_lock) for (var i = 0; i < count; i++) _script.Enqueue(status);
        }

        public void AnswerAlways(int status)
        {
            lock (_lock) _always = status;
        }

        internal int Record(IHeaderDictionary headers, byte[] body)
        {
            lock (_lock)
            {
                var status = _always ?? (_script.TryDequeue(out var next) ? next : StatusCodes.Status200OK);
                _requests.Add(new Received(body, headers["X-Domains-Signature"], headers["X-Domains-Command-Id"], headers.ContentType,
                    headers["X-Domains-Notice-Id"], status, headers["X-Domains-Timestamp"]));
                return status;
            }
        }
    }
}
