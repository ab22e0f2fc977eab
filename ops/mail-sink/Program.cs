using System.Net;
using Domains.MailSink;
using SmtpServer;
using SmtpServer.ComponentModel;

// ops/run --mail-sink: a local SMTP relay on loopback that accepts every message and writes it, as
// sent, to one .eml file per message, so a person can read what the channels sent. Never a real relay.
var directory = Argument("--dir") ?? throw new ArgumentException("usage: Domains.MailSink --dir DIR [--port 2525]");
var port = int.Parse(Argument("--port") ?? "2525", System.Globalization.CultureInfo.InvariantCulture);
Directory.CreateDirectory(directory);

var options = new SmtpServerOptionsBuilder()
    .ServerName("mail-sink.localhost")
    .Endpoint(builder => builder.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
    .Build();
var services = new ServiceProvider();
services.Add(new FileMessageStore(directory));
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
Console.WriteLine($"mail sink on 127.0.0.1:{port}, writing to {directory}");
try
{
    await new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
}
catch (OperationCanceledException)
{
}

string? Argument(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
