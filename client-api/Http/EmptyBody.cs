namespace Domains.ClientApi.Http;

/// <summary>A command that takes <c>{}</c> (or no body at all).</summary>
public sealed record EmptyBody : IRequestBody
{
    public void Validate(Validator v) { }
}
