using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Domains.Tests.Fixtures;

/// <summary>
/// A DingTalk group robot on loopback, checking requests as DingTalk documents: <c>timestamp</c> (ms)
/// within an hour of now and <c>sign</c> = Base64(HMAC-SHA256(secret, "timestamp\nsecret")). It answers
/// HTTP 200 with <c>{errcode, errmsg}</c>: 310000 for a bad signature, a scripted code, or 0.
/// </summary>
public sealed class DingtalkRobot : IAsyncDisposable
{
    public const long SignatureMismatch = 310000;

    private readonly ConcurrentQueue<Message> _messages = new();
    private readonly ConcurrentQueue<long> _script = new();
    private WebApplication _app = null!;

    public string Secret { get; } = "SEC" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<Message> Messages => [.. _messages];

    /// <summary>The next <paramref name="count"/> signed messages get <paramref name="errcode"/>, then 0 again.</summary>
    public void AnswerNext(int count, long errcode)
    {
        for (var i = 0; i < count; i++) _script.Enqueue(errcode);
    }

    public static async Task<DingtalkRobot> StartAsync()
    {
        var robot = new DingtalkRobot();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        robot._app = builder.Build();
        robot._app.MapPost("/robot/send", (Delegate)robot.ReceiveAsync);
        await robot._app.StartAsync();
        var address = robot._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        robot.Url = new Uri($"{address}/robot/send?access_token={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}");
        return robot;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> ReceiveAsync(HttpContext http)
    {
        var query = http.Request.Query;
        var timestamp = (string?)query["timestamp"];
        var signed = long.TryParse(timestamp, out var ms)
                     && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - ms) < 3_600_000
                     && query["sign"] == Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{timestamp}\n{Secret}")));
        using var document = await JsonDocument.ParseAsync(http.Request.Body);
        var root = document.RootElement;
        var errcode = !signed ? SignatureMismatch : _script.TryDequeue(out var scripted) ? scripted : 0;
        _messages.Enqueue(new Message(signed, (string?)query["access_token"], root.GetProperty("msgtype").GetString(),
            root.GetProperty("markdown").GetProperty("title").GetString(), root.GetProperty("markdown").GetProperty("text").GetString(),
            http.Request.Headers["X-Domains-Notice-Id"], errcode));
        return Results.Json(new { errcode, errmsg = errcode == 0 ? "ok" : "refused" });
    }

    public sealed record Message(bool Signed, string? AccessToken, string? MsgType, string? Title, string? Text, string? NoticeId, long Answered);
}
