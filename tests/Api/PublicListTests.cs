using System.Text.Json;
using Domains.Tests.Fixtures;
using Npgsql;

namespace Domains.Tests.Api;

/// <summary>
/// Anonymous lists read each row's public projection, never the stored view: an anonymous page costs a few
/// fields per row however large the authorizations behind it grew, and shows nothing an application holds.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class PublicListTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);
    private Scenarios World => new(_api);

    [Fact]
    public async Task PublicAnnouncements_ReadTheProjection_NotTheStoredView()
    {
        var id = await World.AuthorizationAsync("announced");
        var shown = await AnnouncementAsync(id);

        // The stored view changed behind the list (still a valid view, so the other lists of the shared database keep reading it).
        await ExecuteAsync("UPDATE resources SET body = jsonb_set(body, '{scenario,title}', '\"changed behind the list\"') WHERE entity_type = 'authorization' AND id = @id", id);

        Assert.Equal(shown.GetRawText(), (await AnnouncementAsync(id)).GetRawText());
        Assert.Equal("Chronic disease insights", shown.GetProperty("scenarioTitle").GetString());
        Assert.Equal("announced", shown.GetProperty("state").GetString());
    }

    [Fact]
    public async Task PublicProjection_OfAnAuthorization_HoldsOnlyWhatTheAnnouncementShows()
    {
        var id = await World.AuthorizationAsync("announced");

        var projection = JsonDocument.Parse(await ScalarAsync("SELECT public_body::text FROM resources WHERE entity_type = 'authorization' AND id = @id", id)).RootElement;

        Assert.Equal(
            ["announcedAt", "endedAt", "id", "noticeId", "scenarioTitle", "state", "unitId", "unitName"],
            projection.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PublicNotices_ReadTheProjection_NotTheStoredView()
    {
        var notice = await World.OpenNoticeAsync(await World.OperationalDomainAsync());
        var shown = await PublicNoticeAsync(notice);

        await ExecuteAsync("UPDATE resources SET body = jsonb_set(body, '{definition,title}', '\"changed behind the list\"') WHERE entity_type = 'notice' AND id = @id", notice);

        Assert.Equal(shown.GetRawText(), (await PublicNoticeAsync(notice)).GetRawText());
    }

    [Fact]
    public async Task Migration_GivesRowsWrittenBeforeTheProjection_TheSameProjection()
    {
        var id = await World.AuthorizationAsync("announced");
        var notice = await World.OpenNoticeAsync(await World.OperationalDomainAsync());
        var announcement = await AnnouncementAsync(id);
        var publicNotice = await PublicNoticeAsync(notice);
        await ExecuteAsync("UPDATE resources SET public_body = NULL WHERE id = @id OR id = @other", id, notice);
        Assert.Null(await FindAsync("/v1/public/announcements", id));

        await ExecuteAsync(await File.ReadAllTextAsync(Path.Combine(RepoRoot.Path, "ops", "sql", "migrations", "0019_add_resource_public_body.sql")));

        Assert.Equal(announcement.GetRawText(), (await AnnouncementAsync(id)).GetRawText());
        Assert.Equal(publicNotice.GetRawText(), (await PublicNoticeAsync(notice)).GetRawText());
    }

    private async Task<JsonElement> AnnouncementAsync(string id) =>
        await FindAsync("/v1/public/announcements", id) ?? throw new InvalidOperationException($"{id} is not announced");

    private async Task<JsonElement> PublicNoticeAsync(string id) =>
        await FindAsync("/v1/public/notices", id) ?? throw new InvalidOperationException($"{id} is not listed");

    private async Task<JsonElement?> FindAsync(string list, string id) =>
        (await _api.ListAllAsync(list, role: null)).Cast<JsonElement?>().FirstOrDefault(item => item!.Value.GetProperty("id").GetString() == id);

    private async Task ExecuteAsync(string sql, string? id = null, string? other = null)
    {
        await using var db = new NpgsqlConnection(stack.ConnectionString);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, db);
        if (id is not null) cmd.Parameters.AddWithValue("id", id);
        if (other is not null) cmd.Parameters.AddWithValue("other", other);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<string> ScalarAsync(string sql, string id)
    {
        await using var db = new NpgsqlConnection(stack.ConnectionString);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, db);
        cmd.Parameters.AddWithValue("id", id);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }
}
