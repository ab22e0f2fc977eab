namespace Domains.Grains.Notifications;

/// <summary>The inbox notice kinds of API.md.</summary>
public static class NotificationKinds
{
    public const string RenewalDue = "renewal-due";
    public const string AuthorizationExpired = "authorization-expired";
    public const string CorrectionOrdered = "correction-ordered";
    public const string CorrectionOverdue = "correction-overdue";
    public const string ReportDue = "report-due";
    public const string ReportOverdue = "report-overdue";
    public const string ProvisioningFailed = "provisioning-failed";
    public const string DeletionOverdue = "deletion-overdue";
    public const string UnitIncident = "unit-incident";
    public const string ProductReviewed = "product-reviewed";

    // Every decision on an authorization reaches its unit; a submitted correction reaches the supervisors.
    public const string AuthorizationVerified = "authorization-verified";
    public const string AuthorizationRejected = "authorization-rejected";
    public const string AuthorizationApproved = "authorization-approved";
    public const string AuthorizationActivated = "authorization-activated";
    public const string AuthorizationReinstated = "authorization-reinstated";
    public const string AuthorizationTerminated = "authorization-terminated";
    public const string AuthorizationRevoked = "authorization-revoked";
    public const string CorrectionSubmitted = "correction-submitted";

    /// <summary>To the authority: a channel gave up delivering a notice after its maximum age.</summary>
    public const string DeliveryFailed = "delivery-failed";
}
