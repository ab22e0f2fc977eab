using System.Globalization;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Authorizations;
using Domains.GrainInterfaces.Usage;
using Domains.GrainInterfaces.Workspaces;
using Orleans.Concurrency;

namespace Domains.Grains.Usage;

/// <summary>
/// Reads a workspace's usage log for a viewer the workspace itself admits (a unit only its own). The datasets
/// of a record are the authorization's datasets whose views the statement names.
/// </summary>
[StatelessWorker]
public sealed class UsageLogGrain(UsageLogStore store) : Grain, IUsageLogGrain
{
    public async Task<CommandResult<Page<UsageRecordView>>> ListAsync(string workspaceId, Actor viewer, UsageQuery query)
    {
        var workspace = await GrainFactory.GetGrain<IWorkspaceGrain>(workspaceId).GetAsync(viewer);
        if (workspace is null) return CommandResult<Page<UsageRecordView>>.Failure(DomainError.NotFound($"Workspace '{workspaceId}'"));
        if (UsageRoles.Of(workspace.ResourcesJson) is not { } role)
        {
            return CommandResult<Page<UsageRecordView>>.Success(new Page<UsageRecordView>([], null));
        }

        var authorization = await GrainFactory.GetGrain<IAuthorizationGrain>(workspaceId).GetAsync(Actor.System);
        var datasets = authorization?.Datasets.Select(d => d.Id).ToList() ?? [];
        var rows = await store.ListAsync(role, query);
        var page = rows.Take(query.Limit)
            .Select(r => new UsageRecordView(r.Seq, r.At, r.Session, r.Kind, r.Statement, UsageDatasets.Read(r.Statement, datasets)))
            .ToList();
        var next = rows.Count > query.Limit ? page[^1].Seq.ToString(CultureInfo.InvariantCulture) : null;
        return CommandResult<Page<UsageRecordView>>.Success(new Page<UsageRecordView>(page, next));
    }
}
