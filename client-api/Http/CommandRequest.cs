using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Domains.ClientApi.Auth;
using Domains.ClientApi.Errors;
using Domains.GrainInterfaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Domains.ClientApi.Http;

/// <summary>A parsed and validated command: its body and the context the grain gets with it.</summary>
public sealed record CommandRequest<T>(T Body, CommandContext Context);

public static class CommandRequest
{
    public const int MaxBodyBytes = 256 * 1024;
    public const int MaxIdempotencyKeyLength = 128;
    private const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The body property every command accepts (<see cref="JsonBodyExtensions"/> describes it).</summary>
    public const string ReasonProperty = "reason";
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> StrictOptions = new();

    /// <summary>
    /// Reads and checks a command: the <c>Idempotency-Key</c> and <c>If-Match</c> headers, the body as JSON
    /// (syntax → <c>malformed-json</c>, shape and rules → <c>validation-failed</c>), and the hash of the
    /// request that an idempotent replay is compared with.
    /// </summary>
    public static async Task<(CommandRequest<T>? Request, ProblemHttpResult? Problem)> ReadAsync<T>(HttpContext http)
        where T : class, IRequestBody
    {
        var headers = new Validator();
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        headers.Check(key.Length <= MaxIdempotencyKeyLength, IdempotencyKeyHeader, $"is longer than {MaxIdempotencyKeyLength} characters");
        var expectedVersion = ParseIfMatch(http.Request.Headers.IfMatch.ToString(), headers);
        if (!headers.IsValid) return Fail<T>(http, Invalid("The request headers are invalid.", headers));

        var raw = await ReadBodyAsync(http);
        if (raw is null) return Fail<T>(http, new DomainError(ErrorCodes.PayloadTooLarge, $"The body is larger than {MaxBodyBytes} bytes."));
        var json = raw.Length == 0 || raw.All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') ? "{}"u8.ToArray() : raw;

        // The reader checks UTF-8 only in the strings it decodes, so invalid bytes in a field the body type
        // ignores would pass; RFC 8259 text is UTF-8, and anything else is malformed.
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            return Fail<T>(http, new DomainError(ErrorCodes.MalformedJson, "The body is not valid UTF-8."));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            return Fail<T>(http, new DomainError(ErrorCodes.MalformedJson, $"The body is not valid JSON: {ex.Message}"));
        }

        T? body;
        string? reason;
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Fail<T>(http, DomainError.Validation("$", "The body must be a JSON object."));
            }
            if (UnstorableText(document.RootElement, "$") is { } path)
            {
                return Fail<T>(http, DomainError.Validation(path, "holds U+0000 or half a surrogate pair, which no text field can store"));
            }
            if (!TryReadReason(document.RootElement, out reason))
            {
                return Fail<T>(http, DomainError.Validation("reason", $"must be a text of at most {Validator.MaxTextLength} characters"));
            }
            try
            {
                body = document.Deserialize<T>(BodyOptions(http));
            }
            catch (JsonException ex)
            {
                return Fail<T>(http, DomainError.Validation(ex.Path ?? "$", "has the wrong type or an unknown value"));
            }
        }

        var validator = new Validator();
        body!.Validate(validator);
        if (!validator.IsValid) return Fail<T>(http, Invalid("The request failed validation.", validator));

        var context = new CommandContext(
            http.User.ToActor(),
            reason ?? body.AuditReason,
            key.Length == 0 ? null : key,
            Hash(http.Request.Method, http.Request.Path, raw),
            expectedVersion);
        return (new CommandRequest<T>(body, context), null);
    }

    /// <summary>
    /// The optional <c>reason</c> every command body may carry, for the audit event; a body whose own
    /// reason is a field of its type (suspend, reject, withdraw) reads the same property. Without one the
    /// event records what the body implies (a note, a filing reference).
    /// </summary>
    private static bool TryReadReason(JsonElement root, out string? reason)
    {
        reason = null;
        if (!root.TryGetProperty(ReasonProperty, out var value) || value.ValueKind == JsonValueKind.Null) return true;
        if (value.ValueKind != JsonValueKind.String) return false;
        reason = value.GetString();
        if (string.IsNullOrWhiteSpace(reason)) reason = null;
        return reason is null || reason.Length <= Validator.MaxTextLength;
    }

    /// <summary>
    /// The API's JSON options with enums held to their members' names (<see cref="StrictEnumConverterFactory"/>),
    /// for command bodies only: responses and the OpenAPI document keep the plain string-enum converter.
    /// </summary>
    private static JsonSerializerOptions BodyOptions(HttpContext http) =>
        StrictOptions.GetValue(
            http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions,
            api =>
            {
                var strict = new JsonSerializerOptions(api);
                strict.Converters.Insert(0, new StrictEnumConverterFactory(api.Converters.OfType<JsonStringEnumConverter>().Single()));
                return strict;
            });

    /// <summary>
    /// The path of the first string (value or property name) PostgreSQL could not store: its text and jsonb
    /// hold neither U+0000 nor half of a surrogate pair, though JSON can spell both (<c>\u0000</c>,
    /// <c>\uD800</c>). Refused here, before a grain saves its state and then fails to write its audit event.
    /// </summary>
    private static string? UnstorableText(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsStorable(element.GetString) ? null : path;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!IsStorable(() => property.Name)) return path;
                    if (UnstorableText(property.Value, $"{path}.{property.Name}") is { } inner) return inner;
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (UnstorableText(item, $"{path}[{index++}]") is { } inner) return inner;
                }
                return null;
            default:
                return null;
        }
    }

    private static bool IsStorable(Func<string?> read)
    {
        try
        {
            return read()?.Contains('\0', StringComparison.Ordinal) != true;
        }
        catch (InvalidOperationException)
        {
            // The reader refuses to decode half a surrogate pair.
            return false;
        }
    }

    private static long? ParseIfMatch(string header, Validator errors)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*") return null;
        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        value = value.Trim('"');
        if (long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)) return version;
        errors.Add("If-Match", "must be an ETag of this API (\"<version>\")");
        return null;
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpContext http)
    {
        // A declared length over the limit is refused before reading a byte: a client that sent
        // Expect: 100-continue then hears 413 without writing the body at all.
        if (http.Request.ContentLength > MaxBodyBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string Hash(string method, string path, byte[] body)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{method} {path}\n"));
        sha.AppendData(body);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static DomainError Invalid(string detail, Validator validator) =>
        new(ErrorCodes.ValidationFailed, detail, Errors: validator.Errors);

    private static (CommandRequest<T>?, ProblemHttpResult?) Fail<T>(HttpContext http, DomainError error) =>
        (null, Problems.Result(error, http));
}
