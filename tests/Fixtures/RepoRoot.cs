namespace Domains.Tests.Fixtures;

public static class RepoRoot
{
    /// <summary>The folder holding Domains.sln, found upwards from the test binaries.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Domains.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Domains.sln not found above " + AppContext.BaseDirectory);
    }
}
