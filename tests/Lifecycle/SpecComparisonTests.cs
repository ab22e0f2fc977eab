using Domains.GrainInterfaces.Authorizations;
using Domains.GrainInterfaces.Domains;
using Domains.GrainInterfaces.Notices;
using Domains.GrainInterfaces.Products;
using Domains.GrainInterfaces.Units;
using Domains.GrainInterfaces.Workspaces;
using Domains.Grains.Authorizations;
using Domains.Grains.Domains;
using Domains.Grains.Lifecycle;
using Domains.Grains.Notices;
using Domains.Grains.Products;
using Domains.Grains.Units;
using Domains.Grains.Workspaces;

namespace Domains.Tests.Lifecycle;

/// <summary>
/// The code's lifecycle tables against DOMAIN.md §3 as the spec's own text says them (<see cref="DomainSpec"/>):
/// every state the spec names is a status of the code and back, every transition of the spec is a row of the
/// code, and every row of the code that changes the state is one of the spec's or is listed here with the
/// sentence of the spec it comes from (which must be in the spec). Rows that keep the state (an update, a
/// report) are bookkeeping the spec does not draw.
/// </summary>
public sealed class SpecComparisonTests
{
    [Fact]
    public void Authorization_TableOfTheCode_IsTheTableOfTheSpec()
    {
        var labels = new Dictionary<string, AuthorizationCommand>
        {
            ["apply"] = AuthorizationCommand.Apply,
            ["verify pass"] = AuthorizationCommand.VerifyPass,
            ["fail"] = AuthorizationCommand.VerifyFail,
            ["approve"] = AuthorizationCommand.Approve,
            ["reject"] = AuthorizationCommand.Reject,
            ["withdraw"] = AuthorizationCommand.Withdraw,
            ["announce"] = AuthorizationCommand.Announce,
            ["file"] = AuthorizationCommand.File,
            ["activate"] = AuthorizationCommand.Activate,
            ["suspend"] = AuthorizationCommand.Suspend,
            ["reinstate"] = AuthorizationCommand.Reinstate,
            ["term end"] = AuthorizationCommand.Expire,
            ["terminate"] = AuthorizationCommand.Terminate,
            ["revoke"] = AuthorizationCommand.Revoke,
            ["a renewal of it activates"] = AuthorizationCommand.Supersede,
        };

        AssertTableMatches("Authorization", AuthorizationLifecycle.Table, labels, AuthorizationCommand.Apply, beyond: []);
    }

    [Fact]
    public void Workspace_TableOfTheCode_IsTheTableOfTheSpec()
    {
        var labels = new Dictionary<string, WorkspaceCommand>
        {
            ["authorization activates"] = WorkspaceCommand.Open,
            ["driver confirms"] = WorkspaceCommand.ConfirmProvisioned,
            ["provisioning deadline passes"] = WorkspaceCommand.ProvisioningTimeout,
            ["authorization suspended"] = WorkspaceCommand.Suspend,
            ["authorization reinstated"] = WorkspaceCommand.Reinstate,
            ["authorization ends"] = WorkspaceCommand.Close,
            ["at once"] = WorkspaceCommand.StartDeletion,
            ["driver confirms deletion"] = WorkspaceCommand.ConfirmDeletion,
            ["retention deadline"] = WorkspaceCommand.PurgeLogs,
            ["a renewal of its authorization activates"] = WorkspaceCommand.HandOver,
        };

        AssertTableMatches("Workspace", WorkspaceLifecycle.Table, labels, WorkspaceCommand.Open, beyond:
        [
            (WorkspaceStatus.ProvisioningFailed, WorkspaceCommand.RetryProvisioning, WorkspaceStatus.Provisioning, "provisioning-failed (notice; retry allowed)"),
            // A workspace whose provisioning failed still ends with its authorization, like one still provisioning.
            (WorkspaceStatus.ProvisioningFailed, WorkspaceCommand.Close, WorkspaceStatus.Closed, "| provisioning, active, suspended | authorization ends |"),
        ]);
    }

    [Fact]
    public void Notice_RowsOfTheCode_AreTheArrowsOfTheSpec() =>
        AssertArrowsMatch("Notice", NoticeLifecycle.Table, beyond: []);

    [Fact]
    public void OperationDomain_RowsOfTheCode_AreTheArrowsOfTheSpec() =>
        AssertArrowsMatch("OperationDomain", DomainLifecycle.Table, beyond: []);

    [Fact]
    public void OperatingUnit_RowsOfTheCode_AreTheArrowsOfTheSpec() =>
        AssertArrowsMatch("OperatingUnit", UnitLifecycle.Table, beyond:
        [
            (UnitStatus.Qualified, UnitStatus.NotQualified, "re-evaluated on every profile change, incident"),
            (UnitStatus.NotQualified, UnitStatus.Qualified, "re-evaluated on every profile change, incident"),
        ]);

    [Fact]
    public void DataProduct_RowsOfTheCode_AreTheArrowsOfTheSpec() =>
        AssertArrowsMatch("DataProduct", ProductLifecycle.Table, beyond:
        [
            (ProductStatus.Paused, ProductStatus.Delisted, "every live product is `delisted` when its authorization ends"),
            (ProductStatus.Submitted, ProductStatus.Delisted, "every live product is `delisted` when its authorization ends"),
            (ProductStatus.ChangesRequested, ProductStatus.Delisted, "every live product is `delisted` when its authorization ends"),
            (ProductStatus.Approved, ProductStatus.Delisted, "every live product is `delisted` when its authorization ends"),
        ]);

    [Fact]
    public void Parser_ReadsBothFormsOfTheSpec_NotNothing()
    {
        Assert.Contains(new SpecEdge("submitted", "fail", "rejected"), DomainSpec.Table("Authorization"));
        Assert.Contains(new SpecEdge("closed", "at once", "deleting"), DomainSpec.Table("Workspace"));
        Assert.Contains(("awaiting-acceptance", "operational"), DomainSpec.Arrows("OperationDomain"));
        Assert.Contains(("suspended", "operational"), DomainSpec.Arrows("OperationDomain"));
        Assert.Contains(("paused", "listed"), DomainSpec.Arrows("DataProduct"));
    }

    private static void AssertTableMatches<TStatus, TCommand>(
        string entity, LifecycleTable<TStatus, TCommand> table, IReadOnlyDictionary<string, TCommand> labels, TCommand creation,
        (TStatus From, TCommand Command, TStatus To, string Source)[] beyond)
        where TStatus : struct, Enum
        where TCommand : struct, Enum
    {
        var spec = DomainSpec.Table(entity);
        var unknown = spec.Select(e => e.Label).Where(l => !labels.ContainsKey(l)).Distinct().ToList();
        Assert.True(unknown.Count == 0, $"Spec wording for {entity} with no command in the test: {string.Join(", ", unknown)}");

        AssertSameStates<TStatus>(entity, DomainSpec.StatesOf(spec.Select(e => (e.From, e.To))));
        Assert.All(spec.Where(e => e.From == DomainSpec.Creation), e => Assert.Equal(creation, labels[e.Label]));

        var expected = spec.Where(e => e.From != DomainSpec.Creation)
            .Select(e => (e.From, Kebab.Name(labels[e.Label]), e.To))
            .Concat(beyond.Select(b => (Kebab.Name(b.From), Kebab.Name(b.Command), Kebab.Name(b.To))))
            .ToHashSet();
        var actual = table.Allowed.Where(r => !EqualityComparer<TStatus>.Default.Equals(r.Key.Item1, r.Value))
            .Select(r => (Kebab.Name(r.Key.Item1), Kebab.Name(r.Key.Item2), Kebab.Name(r.Value)))
            .ToHashSet();

        AssertSameSet(entity, expected, actual);
        Assert.All(beyond, b => Assert.True(DomainSpec.Says(b.Source), $"The spec does not say: {b.Source}"));
    }

    private static void AssertArrowsMatch<TStatus, TCommand>(
        string entity, LifecycleTable<TStatus, TCommand> table, (TStatus From, TStatus To, string Source)[] beyond)
        where TStatus : struct, Enum
        where TCommand : struct, Enum
    {
        var arrows = DomainSpec.Arrows(entity);
        Assert.NotEmpty(arrows);
        AssertSameStates<TStatus>(entity, DomainSpec.StatesOf(arrows));

        var expected = arrows.Concat(beyond.Select(b => (Kebab.Name(b.From), Kebab.Name(b.To)))).ToHashSet();
        var actual = table.Allowed.Where(r => !EqualityComparer<TStatus>.Default.Equals(r.Key.Item1, r.Value))
            .Select(r => (Kebab.Name(r.Key.Item1), Kebab.Name(r.Value)))
            .ToHashSet();

        AssertSameSet(entity, expected, actual);
        Assert.All(beyond, b => Assert.True(DomainSpec.Says(b.Source), $"The spec does not say: {b.Source}"));
    }

    private static void AssertSameStates<TStatus>(string entity, IReadOnlySet<string> specStates) where TStatus : struct, Enum
    {
        var codeStates = Enum.GetValues<TStatus>().Select(s => Kebab.Name(s)).ToHashSet();
        AssertSameSet($"{entity} states", specStates, codeStates);
    }

    private static void AssertSameSet<T>(string what, IReadOnlySet<T> spec, IReadOnlySet<T> code)
    {
        var missing = spec.Except(code).ToList();
        var extra = code.Except(spec).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{what}: in the spec, not the code: [{string.Join("; ", missing)}]; in the code, not the spec: [{string.Join("; ", extra)}]");
    }
}
