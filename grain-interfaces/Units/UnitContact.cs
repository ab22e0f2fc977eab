namespace Domains.GrainInterfaces.Units;

/// <summary>A person at a unit who receives its notices by email (<c>contacts</c> of <c>PUT /v1/units/{uscc}</c>).</summary>
[GenerateSerializer, Immutable, Alias("domains.UnitContact")]
public sealed record UnitContact([property: Id(0)] string Name, [property: Id(1)] string Email)
{
    public const int MaximumEmailLength = EmailAddress.MaximumLength;

    /// <summary>A single bare address (<c>local@domain</c>, no display name, no list), as a relay accepts it in <c>RCPT TO</c>.</summary>
    public static bool IsValidEmail(string? email) => EmailAddress.IsValid(email);
}
