namespace Domains.Grains.Delivery;

/// <summary>
/// The coarse class an attempt records instead of an exception's text, which can name internal hosts,
/// addresses or certificate details. Rows from before these classes keep their text.
/// </summary>
public static class DeliveryErrors
{
    public const string Timeout = "timeout";
    public const string ConnectionFailed = "connection-failed";
    public const string TlsFailed = "tls-failed";

    /// <summary>The URL's name resolved to no address a webhook may reach (the webhook URL policy); nothing was sent.</summary>
    public const string AddressRefused = "address-refused";

    /// <summary>An <c>http://</c> URL where only https is allowed; nothing was sent.</summary>
    public const string HttpsRequired = "https-required";

    public const string InvalidResponse = "invalid-response";
    public const string Cancelled = "cancelled";
    public const string NoticeMissing = "notice-missing";

    /// <summary>The sender threw before anything was sent (its text is logged, not recorded).</summary>
    public const string SenderFailed = "sender-failed";

    /// <summary><c>http-4xx</c>, <c>http-5xx</c>…: the receiver answered, but not 2xx (the status code is recorded too).</summary>
    public static string Http(int status) => $"http-{status / 100}xx";
}
