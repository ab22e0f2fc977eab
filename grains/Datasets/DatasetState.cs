using Domains.GrainInterfaces.Datasets;
using Domains.Grains.Entity;

namespace Domains.Grains.Datasets;

public sealed class DatasetState : EntityState<DatasetView>
{
    public DatasetStatus Status { get; set; }

    public DatasetDefinition? Definition { get; set; }
}
