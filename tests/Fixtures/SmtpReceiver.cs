using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Domains.Tests.Fixtures;

/// <summary>
/// A real SMTP relay in the test process (the SmtpServer package) on a loopback port: it records every
/// message it accepts with its envelope and session (over TLS or not, as which user), and refuses the next
/// messages a test asks it to (452, a transient refusal) so that retries can be watched. Started with a
/// <see cref="Login"/>, it offers STARTTLS with a self-signed certificate and AUTH only after it, and accepts
/// mail from that user alone.
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

    /// <summary>The password the relay accepts now (a test may change it); null when it wants no authentication.</summary>
    public string? Password { get; set; }

    /// <summary>AUTH attempts refused (wrong user or password).</summary>
    public int AuthenticationsRefused => Volatile.Read(ref _authenticationsRefused);

    private int _authenticationsRefused;

    /// <summary>The next <paramref name="count"/> messages are refused with 452, then accepted again.</summary>
    public void RefuseNext(int count)
    {
        lock (_store) _store.ToRefuse += count;
    }

    public static async Task<SmtpReceiver> StartAsync(Login? login = null)
    {
        var receiver = new SmtpReceiver { Port = FreePort(), Password = login?.Password };
        var options = new SmtpServerOptionsBuilder()
            .ServerName("relay.domains.test")
            .Endpoint(builder =>
            {
                builder.Endpoint(new IPEndPoint(IPAddress.Loopback, receiver.Port));
                if (login is not null) builder.Certificate(SelfSigned()).AllowUnsecureAuthentication(false).AuthenticationRequired(true);
            })
            .Build();
        var services = new ServiceProvider();
        services.Add(receiver._store);
        if (login is not null)
        {
            services.Add(new DelegatingUserAuthenticator((user, password) =>
            {
                var accepted = user == login.User && password == receiver.Password;
                if (!accepted) Interlocked.Increment(ref receiver._authenticationsRefused);
                return accepted;
            }));
        }
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

    /// <summary>The relay's certificate: self-signed for its name and 127.0.0.1 (a sender must be told to accept it).</summary>
    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=relay.domains.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("relay.domains.test");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12, so the private key is one SslStream can use as a server's.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A loopback TCP port nobody listens on now.</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The one user a relay accepts, and its first password.</summary>
    public sealed record Login(string User, string Password);

    /// <param name="Secure">Whether the session had been upgraded to TLS when the message came.</param>
    /// <param name="User">Who the session authenticated as, if it did.</param>
    public sealed record ReceivedMail(IReadOnlyList<string> RcptTo, MimeMessage Message, bool Secure = false, string? User = null)
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
            Accepted.Enqueue(new ReceivedMail(transaction.To.Select(m => $"{m.User}@{m.Host}").ToList(), message,
                context.Pipe.IsSecure, context.Authentication.IsAuthenticated ? context.Authentication.User : null));
            return SmtpResponse.Ok;
        }
    }
}
