namespace Domains.Tests.Fixtures;

/// <summary>
/// Unified social credit codes for tests, with the check character of GB 32100-2015 computed here on
/// its own (not by the code under test), so the validator is checked against the standard.
/// </summary>
public static class Usccs
{
    private const string Chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>A fresh valid code: a company (91) registered in Fuzhou (350100), a random organization code.</summary>
    public static string New()
    {
        var body = "91350100" + new string(Enumerable.Range(0, 9).Select(_ => Chars[Random.Shared.Next(Chars.Length)]).ToArray());
        return body + Check(body);
    }

    /// <summary>The check character of 17 characters: (31 − Σ value × weight mod 31) mod 31, as a character.</summary>
    public static char Check(string first17)
    {
        var sum = first17.Select((c, i) => Chars.IndexOf(c) * Weights[i]).Sum();
        return Chars[(31 - sum % 31) % 31];
    }
}
