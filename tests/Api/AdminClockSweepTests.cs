using System.Globalization;
using System.Security.Cryptography;
using Domains.GrainInterfaces.Clock;
using Domains.Tests.Fixtures;
using Domains.Tests.Grains;

namespace Domains.Tests.Api;

/// <summary>
/// A clock move that outlasts <c>AdminClock:AnswerWithin</c> answers <c>202</c> with the sweep to poll,
/// and polling it reaches <c>done</c> with every deadline on the way handled once; a short one answers
/// <c>{now}</c> as it always did.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class AdminClockSweepTests(StackFixture stack)
{
    private const int Probes = 2_000;

    private readonly ApiClient _api = new(stack);

    [Fact]
    public async Task JumpOverManyDeadlines_PastTheBound_Is202WithALocation_PolledUntilDone_EachDeadlineHandledOnce()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        await using var host = await ApiHost.StartAsync(stack.Database.Api, stack.Cluster.Options.ClusterId, key,
            new Dictionary<string, string?> { ["AdminClock:AnswerWithin"] = "00:00:00.050" });
        var api = new ApiClient(host.Http, new Tokens(key));
        var before = await NowAsync();
        var due = before.AddHours(1);
        var ids = Enumerable.Range(0, Probes).Select(_ => Ids.New("probe")).ToList();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (id, _) =>
            await stack.Grains.GetGrain<IDeadlineProbeGrain>(id).ScheduleAsync([due], Contexts.Authority()));

        var moved = await api.PostAsync("/v1/admin/clock", "authority", new { advanceBy = "PT2H" });

        Assert.Equal(202, moved.Status);
        Assert.Equal("running", moved.Str("state"));
        Assert.Equal("1", moved.RetryAfter);
        Assert.StartsWith("/v1/admin/clock/sweeps/", moved.Location);
        Assert.Equal(moved.Str("id"), moved.Location!["/v1/admin/clock/sweeps/".Length..]);
        var done = await Polling.UntilAsync(() => api.GetAsync(moved.Location!, "auditor"), r => r.Status != 200 || r.Str("state") == "done",
            TimeSpan.FromMinutes(3), "the clock sweep done");
        Assert.Equal(200, done.Status);
        Assert.True(Instant(done.Str("now")) >= before.AddHours(2));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, JsonValueKind(done, "dueLeft"));
        var handled = await Task.WhenAll(ids.Select(id => stack.Grains.GetGrain<IDeadlineProbeGrain>(id).GetAsync()));
        Assert.All(handled, probe =>
        {
            Assert.Equal([due], probe!.Handled.Select(h => h.DueAt));
            Assert.Empty(probe.Pending);
        });
    }

    [Fact]
    public async Task ShortJump_Is200WithTheInstant_ItsDeadlineHandled()
    {
        var before = await NowAsync();
        var probe = stack.Grains.GetGrain<IDeadlineProbeGrain>(Ids.New("probe"));
        await probe.ScheduleAsync([before.AddMinutes(1)], Contexts.Authority());

        var moved = await _api.PostAsync("/v1/admin/clock", "authority", new { advanceBy = "PT2M" });

        Assert.Equal(200, moved.Status);
        Assert.Null(moved.Location);
        Assert.True(Instant(moved.Str("now")) >= before.AddMinutes(2));
        Assert.Equal([before.AddMinutes(1)], (await probe.GetAsync())!.Handled.Select(h => h.DueAt));
    }

    [Fact]
    public async Task UnknownSweep_Is404NotFound()
    {
        var reply = await _api.GetAsync($"/v1/admin/clock/sweeps/{Ids.New("sweep")}", "auditor");

        Assert.Equal(404, reply.Status);
        Assert.Equal("not-found", reply.Code);
    }

    private async Task<DateTimeOffset> NowAsync() => (await stack.Grains.GetGrain<IBusinessClockGrain>(0).GetStatusAsync()).Now;

    private static DateTimeOffset Instant(string? text) => DateTimeOffset.Parse(text!, CultureInfo.InvariantCulture);

    private static System.Text.Json.JsonValueKind JsonValueKind(Reply reply, string property) =>
        reply.Json.TryGetProperty(property, out var value) ? value.ValueKind : System.Text.Json.JsonValueKind.Null;
}
