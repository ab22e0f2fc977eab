using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Domains.GrainInterfaces.Lists;

/// <summary>
/// Where a newest-first page of the list table ended: the last row's creation instant (microseconds, as
/// the table keeps it) and id. Opaque to callers: base64url of <c>micros:id</c>, safe in a query string.
/// </summary>
public sealed record ListCursor(long CreatedAtMicros, string Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{CreatedAtMicros}:{Id}")));

    public static bool TryDecode(string? text, out ListCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > 400) return false;
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return false;
        }
        var plain = Encoding.UTF8.GetString(bytes);
        var colon = plain.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == plain.Length - 1) return false;
        if (!long.TryParse(plain.AsSpan(0, colon), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var micros)) return false;
        cursor = new ListCursor(micros, plain[(colon + 1)..]);
        return true;
    }
}
