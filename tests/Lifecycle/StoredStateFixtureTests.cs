using System.Text.Json;
using System.Text.Json.Nodes;
using Domains.Grains.Clock;
using Domains.Grains.Entity;
using Domains.Grains.Storage;
using Domains.Tests.Fixtures;

namespace Domains.Tests.Lifecycle;

/// <summary>
/// Stored state is a contract: <c>tests/Lifecycle/StoredState/&lt;Type&gt;.v&lt;N&gt;.json</c> records what each
/// version of every stored state type's JSON looked like. Every recorded version must still be read back with
/// every field it holds (a renamed or dropped property fails here instead of losing persisted data), and the
/// newest version must hold every field the type stores today (a new field is recorded as a new version).
/// A missing or outdated fixture fails with a candidate written under <c>artifacts/stored-state/</c>.
/// </summary>
public sealed class StoredStateFixtureTests
{
    private static readonly string Folder = Path.Combine(RepoRoot.Path, "tests", "Lifecycle", "StoredState");
    private static readonly JsonGrainStorageSerializer Serializer = new();

    /// <summary>Every type a grain stores through the grain storage: each entity state and the clock's.</summary>
    public static TheoryData<string> StoredTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in StateTypes()) data.Add(type.Name);
        return data;
    }

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.json").Order()) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void EveryRecordedVersion_IsReadBack_WithEveryFieldItHolds(string fixture)
    {
        var type = TypeOf(fixture);
        var recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, fixture)))!;

        var state = typeof(JsonGrainStorageSerializer).GetMethod(nameof(JsonGrainStorageSerializer.Deserialize))!
            .MakeGenericMethod(type).Invoke(Serializer, [BinaryData.FromString(recorded.ToJsonString())])!;
        var back = JsonNode.Parse(Serialize(type, state))!;

        var lost = Paths(recorded).Except(Paths(back)).ToList();
        Assert.True(lost.Count == 0, $"{fixture}: stored fields no longer read back: {string.Join(", ", lost)}");
        AssertContains(recorded, back, fixture);
    }

    [Theory]
    [MemberData(nameof(StoredTypes))]
    public void NewestVersion_HoldsEveryFieldTheTypeStoresToday(string typeName)
    {
        var type = StateTypes().Single(t => t.Name == typeName);
        var today = JsonNode.Parse(Serialize(type, StateSamples.Build(type)))!;
        var versions = Directory.GetFiles(Folder, $"{typeName}.v*.json").Select(VersionOf).Order().ToList();
        var newest = versions.Count == 0 ? null : JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, $"{typeName}.v{versions[^1]}.json")));

        var unrecorded = newest is null ? Paths(today).ToList() : Paths(today).Except(Paths(newest)).ToList();
        if (unrecorded.Count == 0) return;

        var next = versions.Count == 0 ? 1 : versions[^1] + 1;
        var candidate = Path.Combine(RepoRoot.Path, "artifacts", "stored-state", $"{typeName}.v{next}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(candidate)!);
        File.WriteAllText(candidate, today.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Assert.Fail($"{typeName} stores fields no fixture records ({string.Join(", ", unrecorded.Take(8))}{(unrecorded.Count > 8 ? ", …" : "")}): review {candidate} and add it to tests/Lifecycle/StoredState/.");
    }

    [Fact]
    public void StoredTypes_AreFound_AllEntityStatesAmongThem()
    {
        var names = StateTypes().Select(t => t.Name).ToList();

        Assert.Contains("NoticeState", names);
        Assert.Contains("WorkspaceState", names);
        Assert.Contains("BusinessClockState", names);
    }

    private static IEnumerable<Type> StateTypes() =>
        typeof(EntityGrain<,>).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && IsEntityState(t))
            .Append(typeof(BusinessClockState))
            .OrderBy(t => t.Name);

    private static bool IsEntityState(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(EntityState<>)) return true;
        }
        return false;
    }

    private static Type TypeOf(string fixture) => StateTypes().Single(t => t.Name == fixture[..fixture.IndexOf(".v", StringComparison.Ordinal)]);

    private static int VersionOf(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        return int.Parse(name[(name.LastIndexOf(".v", StringComparison.Ordinal) + 2)..]);
    }

    private static string Serialize(Type type, object state) =>
        Serializer.GetType().GetMethod(nameof(JsonGrainStorageSerializer.Serialize))!.MakeGenericMethod(type)
            .Invoke(Serializer, [state]) is BinaryData data ? data.ToString() : throw new InvalidOperationException();

    /// <summary>Every field path of a JSON document, array elements as <c>[]</c>.</summary>
    private static IEnumerable<string> Paths(JsonNode node, string prefix = "$")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    var path = $"{prefix}.{key}";
                    yield return path;
                    if (value is not null) foreach (var p in Paths(value, path)) yield return p;
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null) foreach (var p in Paths(item, prefix + "[]")) yield return p;
                }
                break;
        }
    }

    /// <summary>Every value recorded is read back as it was (numbers, strings, instants).</summary>
    private static void AssertContains(JsonNode recorded, JsonNode back, string where)
    {
        switch (recorded)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (value is null) continue;
                    AssertContains(value, back.AsObject()[key]!, $"{where}.{key}");
                }
                break;
            case JsonArray array:
                var backArray = back.AsArray();
                Assert.True(array.Count == backArray.Count, $"{where}: {array.Count} elements recorded, {backArray.Count} read back");
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item) AssertContains(item, backArray[i]!, $"{where}[{i}]");
                }
                break;
            case JsonValue value:
                Assert.True(SameValue(value, back.AsValue()), $"{where}: recorded {value.ToJsonString()}, read back {back.ToJsonString()}");
                break;
        }
    }

    private static bool SameValue(JsonValue recorded, JsonValue back)
    {
        if (recorded.ToJsonString() == back.ToJsonString()) return true;
        // An instant may be written with another offset or precision and still be the same instant.
        return recorded.TryGetValue<DateTimeOffset>(out var a) && back.TryGetValue<DateTimeOffset>(out var b) && a == b;
    }
}
