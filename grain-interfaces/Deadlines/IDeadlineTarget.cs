namespace Domains.GrainInterfaces.Deadlines;

/// <summary>
/// A grain that owns deadlines. The sweep calls it when one of its rows in the deadline index is
/// due; the grain handles every deadline of its state that is due by its clock, in order, and is
/// idempotent: a second call for the same instant changes nothing.
/// </summary>
[Alias("domains.IDeadlineTarget")]
public interface IDeadlineTarget : IGrainWithStringKey
{
    [Alias("OnDeadlinesDue")]
    Task OnDeadlinesDueAsync();
}
