using System.Diagnostics;
using System.Text.Json;
using Domains.Tests.Fixtures;

namespace Domains.Tests.Api;

/// <summary>
/// The document a generated client is made from: the running API's <c>/openapi/v1.json</c>, linted by the
/// pinned <c>@redocly/cli</c> (recommended rules, any error fails) and checked for what the linter cannot
/// know: each operation's security matches whether the route is public, and each names its problem codes.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class OpenApiDocumentTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);

    private static readonly string[] Verbs = ["get", "put", "post", "delete", "patch"];

    private async Task<JsonElement> DocumentAsync()
    {
        var reply = await _api.GetAsync("/openapi/v1.json", role: null);
        Assert.Equal(200, reply.Status);
        var folder = Path.Combine(RepoRoot.Path, "artifacts", "openapi");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "v1.json"), reply.Body);
        return reply.Json;
    }

    private static IEnumerable<(string Path, string Verb, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(op => Verbs.Contains(op.Name)).Select(op => (path.Name, op.Name, op.Value)));

    [Fact]
    public async Task Document_PassesTheRedoclyLinterWithRecommendedRules()
    {
        await DocumentAsync();
        var file = Path.Combine(RepoRoot.Path, "artifacts", "openapi", "v1.json");

        var start = new ProcessStartInfo(Path.Combine(RepoRoot.Path, "ops", "openapi-lint"), [file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "the linter did not finish in 3 minutes");

        Assert.True(process.ExitCode == 0, $"redocly lint failed:\n{await output}\n{await errors}");
    }

    [Fact]
    public async Task EveryOperation_HasAnOperationIdSummaryAndTag_AndIdsAreUnique()
    {
        var document = await DocumentAsync();

        var operations = Operations(document).ToList();
        var missing = operations.Where(o => !o.Operation.TryGetProperty("operationId", out _) || !o.Operation.TryGetProperty("summary", out _)
            || !o.Operation.TryGetProperty("tags", out _)).Select(o => $"{o.Verb} {o.Path}").ToList();
        var ids = operations.Select(o => o.Operation.TryGetProperty("operationId", out var id) ? id.GetString() : null).Where(id => id is not null).ToList();

        Assert.Empty(missing);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(document.GetProperty("tags").EnumerateArray(), tag => Assert.False(string.IsNullOrWhiteSpace(tag.GetProperty("description").GetString())));
    }

    [Fact]
    public async Task PublicRoutes_RequireNoToken_AndEveryOtherOperationRequiresTheBearerScheme()
    {
        var document = await DocumentAsync();

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        var wrong = new List<string>();
        foreach (var (path, verb, operation) in Operations(document))
        {
            var isPublic = path.StartsWith("/v1/public/", StringComparison.Ordinal) || path is "/healthz" or "/readyz";
            var requirements = operation.TryGetProperty("security", out var security) ? security.EnumerateArray().ToList() : [];
            var requiresBearer = requirements.Any(requirement => requirement.TryGetProperty("bearer", out _));
            if (isPublic ? requirements.Count != 0 : !requiresBearer) wrong.Add($"{verb} {path}");
        }

        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task ProtectedOperations_Document401And403_AndEveryProblemResponseListsItsCodes()
    {
        var document = await DocumentAsync();

        var wrong = new List<string>();
        foreach (var (path, verb, operation) in Operations(document))
        {
            var responses = operation.GetProperty("responses");
            var isPublic = !operation.TryGetProperty("security", out var security) || security.GetArrayLength() == 0;
            if (!isPublic && (!responses.TryGetProperty("401", out _) || !responses.TryGetProperty("403", out _))) wrong.Add($"{verb} {path}: no 401/403");
            foreach (var response in responses.EnumerateObject().Where(r => r.Name.StartsWith('4') || r.Name.StartsWith('5')))
            {
                if (!response.Value.TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out _)
                    || !response.Value.GetProperty("description").GetString()!.Contains('`'))
                {
                    wrong.Add($"{verb} {path} {response.Name}");
                }
            }
        }

        Assert.Empty(wrong);
    }
}
