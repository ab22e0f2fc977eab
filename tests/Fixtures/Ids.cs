namespace Domains.Tests.Fixtures;

/// <summary>Fresh ids, so every test owns its data and tests run in any order.</summary>
public static class Ids
{
    public static string New(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 17)];
}
