using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Authorizations;
using Domains.Grains.Delivery;
using Domains.Grains.Notifications;

namespace Domains.Grains.Channels;

/// <summary>
/// The deadline a notice is about, read from its entity when the text is made (a notice row keeps only
/// its English subject): the term's end for renewal and expiry, the correction's due date, the report's.
/// </summary>
public static class NoticeFacts
{
    public static async Task<DateTimeOffset?> DeadlineAsync(IGrainFactory grains, NoticePayload notice)
    {
        if (!EntityRef.TryParse(notice.Entity, out var entity) || entity.Type != EntityTypes.Authorization) return null;
        var view = await grains.GetGrain<IAuthorizationGrain>(entity.Id).GetAsync(Actor.System);
        if (view is null) return null;
        return notice.Kind switch
        {
            NotificationKinds.RenewalDue or NotificationKinds.AuthorizationExpired or NotificationKinds.AuthorizationActivated => view.Term?.End,
            NotificationKinds.CorrectionOrdered or NotificationKinds.CorrectionOverdue or NotificationKinds.CorrectionSubmitted => view.Suspension?.CorrectionDue,
            NotificationKinds.ReportDue => view.Reports.Where(r => r.SubmittedAt is null && r.DueAt >= notice.At).Select(r => (DateTimeOffset?)r.DueAt).FirstOrDefault(),
            NotificationKinds.ReportOverdue => view.Reports.Where(r => r.SubmittedAt is null && r.DueAt <= notice.At).Select(r => (DateTimeOffset?)r.DueAt).LastOrDefault(),
            _ => null,
        };
    }
}
