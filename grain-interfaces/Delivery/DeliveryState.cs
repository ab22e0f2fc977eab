namespace Domains.GrainInterfaces.Delivery;

/// <summary>Where one notice's delivery to one channel or webhook stands; stored as its kebab-case name.</summary>
public enum DeliveryState
{
    /// <summary>Not yet acknowledged; the next attempt is scheduled.</summary>
    Pending = 1,

    /// <summary>The receiver acknowledged it (a webhook's 2xx, the SMTP relay's acceptance, a robot's errcode 0).</summary>
    Delivered = 2,

    /// <summary>Still not acknowledged after the maximum age: no more attempts.</summary>
    Failed = 3,
}
