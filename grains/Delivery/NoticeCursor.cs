namespace Domains.Grains.Delivery;

/// <summary>
/// A position in the <c>notifications</c> table, ordered by the inserting transaction and then by
/// sequence. A dispatcher only ever reads below the oldest transaction still running, so nothing can
/// later appear at or before a cursor it has passed.
/// </summary>
public readonly record struct NoticeCursor(ulong Txid, long Seq) : IComparable<NoticeCursor>
{
    /// <summary>Before every notice of transaction <paramref name="txid"/> and of all later ones.</summary>
    public static NoticeCursor Before(ulong txid) => new(txid, 0);

    public int CompareTo(NoticeCursor other)
    {
        var byTxid = Txid.CompareTo(other.Txid);
        return byTxid != 0 ? byTxid : Seq.CompareTo(other.Seq);
    }

    public static NoticeCursor Max(NoticeCursor a, NoticeCursor b) => a.CompareTo(b) >= 0 ? a : b;
}
