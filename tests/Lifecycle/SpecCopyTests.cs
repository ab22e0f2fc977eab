using Domains.Tests.Fixtures;

namespace Domains.Tests.Lifecycle;

/// <summary>
/// The lifecycle tests read the spec from the copy kept in the repository (a clean clone has no
/// <c>../shared</c>). Where the shared spec sits beside the repository, the copy must be that text exactly,
/// so a change of the spec reaches the tests instead of being shadowed by an old copy.
/// </summary>
public sealed class SpecCopyTests
{
    [Fact]
    public void DomainSpecCopy_WhereTheSharedSpecIsPresent_IsItsTextExactly()
    {
        var shared = Path.Combine(RepoRoot.Path, "..", "shared", "spec", "DOMAIN.md");
        if (!File.Exists(shared)) return; // a clean clone (CI): the copy is all there is

        var copy = File.ReadAllText(Path.Combine(RepoRoot.Path, "tests", "Lifecycle", "Spec", "DOMAIN.md"));

        Assert.Equal(File.ReadAllText(shared), copy);
    }
}
