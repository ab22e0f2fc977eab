namespace Domains.GrainInterfaces.Inbox;

/// <summary>
/// The inbox notice kinds of API.md, for whoever validates a kind outside the silo (a webhook's
/// subscription). The grains keep their own constants; a test holds the two lists equal.
/// </summary>
public static class NotificationKinds
{
    public static readonly IReadOnlyList<string> All =
    [
        "renewal-due",
        "authorization-expired",
        "correction-ordered",
        "correction-overdue",
        "report-due",
        "report-overdue",
        "provisioning-failed",
        "deletion-overdue",
        "unit-incident",
        "product-reviewed",
        "authorization-verified",
        "authorization-rejected",
        "authorization-approved",
        "authorization-activated",
        "authorization-reinstated",
        "authorization-terminated",
        "authorization-revoked",
        "correction-submitted",
        "delivery-failed",
    ];
}
