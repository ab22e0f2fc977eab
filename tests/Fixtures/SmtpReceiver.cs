using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Domains.Tests.Fixtures;

/// <summary>
/// A real SMTP relay in the test process (the SmtpServer package) on a loopback port: it records every
/// message it accepts with its envelope, and refuses the next messages a test asks it to (452, a
/// transient refusal) so that retries can be watched.
/// </summary>
public sealed class SmtpReceiver : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Store _store = new();
    private Task? _running;

    public int Port { get; private set; }

    public IReadOnlyList<ReceivedMail> Messages => [.. _store.Accepted];

    public int Refused
    {
        get { lock (_store) return _store.RefusedCount; }
    }

    /// <summary>The next <paramref name="count"/> messages are refused with 452, then accepted again.</summary>
    public void RefuseNext(int count)
    {
        lock (_store) _store.ToRefuse += count;
    }

    public static async Task<SmtpReceiver> StartAsync()
    {
        var receiver = new SmtpReceiver { Port = FreePort() };
        var options = new SmtpServerOptionsBuilder()
            .ServerName("relay.domains.test")
            .Endpoint(builder => builder.Endpoint(new IPEndPoint(IPAddress.Loopback, receiver.Port)))
            .Build();
        var services = new ServiceProvider();
        services.Add(receiver._store);
        var server = new SmtpServer.SmtpServer(options, services);
        receiver._running = server.StartAsync(receiver._stop.Token);
        // Listening starts on a worker: wait (bounded) until the port answers.
        await Polling.UntilAsync(async () =>
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, receiver.Port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, up => up, TimeSpan.FromSeconds(10), "the SMTP receiver listening");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            try
            {
                await _running;
            }
            catch (OperationCanceledException)
            {
            }
        }
        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public sealed record ReceivedMail(IReadOnlyList<string> RcptTo, MimeMessage Message)
    {
        public string? Channel => Message.Headers["X-Domains-Channel"];

        public string? NoticeId => Message.Headers["X-Domains-Notice-Id"];
    }

    private sealed class Store : MessageStore
    {
        public readonly ConcurrentQueue<ReceivedMail> Accepted = new();
        public int ToRefuse;
        public int RefusedCount;

        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            lock (this)
            {
                if (ToRefuse > 0)
                {
                    ToRefuse--;
                    RefusedCount++;
                    return new SmtpResponse(SmtpReplyCode.InsufficientStorage, "try again later");
                }
            }
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            Accepted.Enqueue(new ReceivedMail(transaction.To.Select(m => $"{m.User}@{m.Host}").ToList(), message));
            return SmtpResponse.Ok;
        }
    }
}
