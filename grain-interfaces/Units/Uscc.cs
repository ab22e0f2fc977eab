namespace Domains.GrainInterfaces.Units;

/// <summary>
/// The unified social credit code of GB 32100-2015: 18 characters of a 31-character alphabet (no I, O,
/// Z, S, V), the last a check character over the first 17. Upper case only: the code is printed so, and
/// one spelling per unit keeps one grain per unit.
/// </summary>
public static class Uscc
{
    public const int Length = 18;

    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static bool IsValid(string? code)
    {
        if (code is null || code.Length != Length) return false;
        foreach (var c in code)
        {
            if (Alphabet.IndexOf(c, StringComparison.Ordinal) < 0) return false;
        }
        return CheckCharacter(code.AsSpan(0, Length - 1)) == code[Length - 1];
    }

    /// <summary>The check character of the first 17 characters (all from <see cref="Alphabet"/>).</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != Length - 1) throw new ArgumentException($"Expected {Length - 1} characters.", nameof(first17));
        var sum = 0;
        for (var i = 0; i < first17.Length; i++)
        {
            var value = Alphabet.IndexOf(first17[i], StringComparison.Ordinal);
            if (value < 0) throw new ArgumentException($"'{first17[i]}' is not a USCC character.", nameof(first17));
            sum += value * Weights[i];
        }
        return Alphabet[(31 - sum % 31) % 31];
    }
}
