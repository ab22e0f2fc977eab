namespace Domains.GrainInterfaces.Webhooks;

/// <summary>Where one notice's delivery to one webhook stands; stored as its kebab-case name.</summary>
public enum DeliveryState
{
    /// <summary>Not yet acknowledged; the next attempt is scheduled.</summary>
    Pending = 1,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered = 2,

    /// <summary>Still not acknowledged after the maximum age: no more attempts.</summary>
    Failed = 3,
}
