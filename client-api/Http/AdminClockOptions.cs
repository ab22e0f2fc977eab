namespace Domains.ClientApi.Http;

/// <summary>The manual clock's routes (<c>AdminClock:…</c>).</summary>
public sealed class AdminClockOptions
{
    public const string Section = "AdminClock";

    /// <summary>
    /// How long <c>POST /v1/admin/clock</c> waits for its sweep before answering <c>202</c> with a
    /// <c>Location</c> to poll instead of <c>{now}</c>.
    /// </summary>
    public TimeSpan AnswerWithin { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsValid() => AnswerWithin >= TimeSpan.Zero;
}
