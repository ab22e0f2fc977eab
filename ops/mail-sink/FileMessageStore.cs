using System.Buffers;
using System.Globalization;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Domains.MailSink;

/// <summary>Writes every accepted message to <c>DIR/yyyyMMddTHHmmssfff-&lt;message id&gt;.eml</c>.</summary>
public sealed class FileMessageStore(string directory) : MessageStore
{
    public override async Task<SmtpResponse> SaveAsync(
        ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        var bytes = buffer.ToArray();
        using var stream = new MemoryStream(bytes);
        var message = await MimeMessage.LoadAsync(stream, cancellationToken);
        var id = new string((message.MessageId ?? Guid.NewGuid().ToString("N")).Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' or '@' ? c : '_').ToArray());
        var name = $"{DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture)}-{id}.eml";
        await File.WriteAllBytesAsync(Path.Combine(directory, name), bytes, cancellationToken);
        Console.WriteLine($"{name}: {message.Subject}");
        return SmtpResponse.Ok;
    }
}
