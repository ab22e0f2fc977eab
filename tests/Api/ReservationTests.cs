using Domains.Tests.Fixtures;

namespace Domains.Tests.Api;

/// <summary>
/// A reservation taken on another grain for a decision (a notice's quota slot, the unit's live application for a
/// notice) is given back when the decision's own save fails, so that nobody meets a phantom of it afterwards.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class ReservationTests(StackFixture stack)
{
    private readonly ApiClient _api = new(stack);
    private Scenarios World => new(_api);

    [Fact]
    public async Task Approval_WhoseSaveFailsAfterTheQuotaReservation_GivesTheSlotBack()
    {
        var notice = await World.OpenNoticeAsync(await World.OperationalDomainAsync(), quota: 1);
        var first = await World.AuthorizationAsync("verified", noticeId: notice);
        var second = await World.AuthorizationAsync("verified", noticeId: notice);

        FaultInjectingJournal.FailNextCommitOf("authorization", first);
        var failed = await _api.PostAsync($"/v1/authorizations/{first}/approve", "authority", new { note = "ok" });
        var other = await _api.PostAsync($"/v1/authorizations/{second}/approve", "authority", new { note = "ok" });

        Assert.Equal(500, failed.Status);
        Assert.Equal("verified", (await _api.GetAsync($"/v1/authorizations/{first}")).Str("state"));
        Assert.Equal(200, other.Status);
        Assert.Equal(1, (await _api.GetAsync($"/v1/notices/{notice}")).Json.GetProperty("approvedCount").GetInt32());
    }

    [Fact]
    public async Task Application_WhoseSaveFailsAfterTheUnitsReservation_LeavesTheNoticeFreeForARetryWithAnotherKey()
    {
        var uscc = await World.QualifiedUnitAsync();
        var notice = await World.OpenNoticeAsync(await World.OperationalDomainAsync());

        FaultInjectingJournal.FailNextCommitOfUnits("authorization", uscc);
        var failed = await World.ApplyAsync(uscc, notice);
        var retry = await World.ApplyAsync(uscc, notice);

        Assert.Equal(500, failed.Status);
        Assert.Equal(201, retry.Status);
        var again = await World.ApplyAsync(uscc, notice);
        Assert.Equal("duplicate-application", again.Code);
    }
}
