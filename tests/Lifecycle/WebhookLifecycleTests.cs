using Domains.GrainInterfaces.Webhooks;
using Domains.Grains.Webhooks;
using static Domains.GrainInterfaces.Webhooks.WebhookCommand;
using static Domains.GrainInterfaces.Webhooks.WebhookStatus;

namespace Domains.Tests.Lifecycle;

/// <summary>The webhook table, written out again here and checked pair by pair.</summary>
public sealed class WebhookLifecycleTests
{
    private static readonly Dictionary<(WebhookStatus, WebhookCommand), WebhookStatus> Expected = new()
    {
        [(Active, Update)] = Active,
        [(Disabled, Update)] = Disabled,
        [(Active, Disable)] = Disabled,
        [(Disabled, Enable)] = Active,
    };

    private static readonly HashSet<(WebhookStatus, WebhookCommand)> ExpectedIgnored = [(Active, Enable), (Disabled, Disable)];

    public static TheoryData<WebhookStatus, WebhookCommand> AllPairs() => SpecTable.AllPairs<WebhookStatus, WebhookCommand>(Register);

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Decide_EveryStateAndCommand_MatchesTheSpecTable(WebhookStatus from, WebhookCommand command)
    {
        SpecTable.AssertMatches(WebhookLifecycle.Decide(from, command), Expected, ExpectedIgnored, from, command);
    }
}
