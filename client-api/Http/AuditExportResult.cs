using System.Globalization;
using System.Text;
using System.Text.Json;
using Domains.ClientApi.Contracts;
using Domains.GrainInterfaces.Audit;
using Microsoft.Extensions.Options;

namespace Domains.ClientApi.Http;

/// <summary>
/// Streams <c>GET /v1/audit/export</c>: pages of the log in <c>seq</c> order, each written and flushed before
/// the next is read, so the API holds one page at a time whatever the log's size. A failure after the first
/// bytes cannot become a problem response any more: the connection is aborted, so the client sees a broken
/// transfer rather than a file that looks complete.
/// </summary>
public sealed class AuditExportResult(IClusterClient orleans, AuditExportQuery query, bool csv, ILogger logger) : IResult
{
    public const int PageSize = 1000;
    public const string NdjsonType = "application/x-ndjson";
    public const string CsvType = "text/csv";

    public static readonly string CsvHeader =
        "seq,entity,version,at,actor,role,action,fromState,toState,reason,hash,prevHash,changedFields,changesSha256";

    public async Task ExecuteAsync(HttpContext http)
    {
        var json = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = csv ? $"{CsvType}; charset=utf-8" : NdjsonType;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"audit.{(csv ? "csv" : "ndjson")}\"";
        var body = http.Response.Body;
        var cancellation = http.RequestAborted;
        var reader = orleans.GetGrain<IAuditReaderGrain>(0);
        var buffer = new MemoryStream();
        try
        {
            if (csv) await body.WriteAsync(Encoding.UTF8.GetBytes(CsvHeader + "\n"), cancellation);
            var after = query.AfterSeq;
            while (true)
            {
                var page = await reader.ExportAsync(query with { AfterSeq = after, Limit = PageSize });
                if (page.Count == 0) break;
                buffer.SetLength(0);
                foreach (var e in page)
                {
                    if (csv)
                    {
                        buffer.Write(Encoding.UTF8.GetBytes(CsvLine(e)));
                    }
                    else
                    {
                        JsonSerializer.Serialize(buffer, AuditEventResponse.From(e), json);
                        buffer.WriteByte((byte)'\n');
                    }
                }
                buffer.Position = 0;
                await buffer.CopyToAsync(body, cancellation);
                await body.FlushAsync(cancellation);
                after = page[^1].Seq;
                if (page.Count < PageSize) break;
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The client went away; nothing to tell it.
        }
        catch (Exception e) when (http.Response.HasStarted)
        {
            logger.LogWarning(e, "Audit export aborted after it had started");
            http.Abort();
        }
    }

    public static string CsvLine(AuditEventView e)
    {
        var fields = new[]
        {
            e.Seq.ToString(CultureInfo.InvariantCulture), e.Entity, e.Version.ToString(CultureInfo.InvariantCulture),
            e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture), e.Actor, e.Role, e.Action,
            e.FromState, e.ToState, e.Reason, e.Hash, e.PrevHash,
            e.Changes is { } c ? string.Join(' ', c.Fields) : null, e.Changes?.Sha256,
        };
        return string.Join(',', fields.Select(Escape)) + "\n";
    }

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.</summary>
    private static string Escape(string? field)
    {
        if (string.IsNullOrEmpty(field)) return "";
        var needsQuotes = field.AsSpan().IndexOfAny(",\"\r\n") >= 0;
        return needsQuotes ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
    }
}
