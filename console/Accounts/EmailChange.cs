namespace Domains.WebConsole.Accounts;

/// <summary>What a reset does to an account's email: nothing (the default), or set it to <see cref="Email"/> (null clears it).</summary>
public readonly record struct EmailChange(bool Set, string? Email)
{
    public static EmailChange To(string? email) => new(true, email);
}
