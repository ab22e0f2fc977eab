using System.Globalization;
using Domains.GrainInterfaces.Authorizations;
using Domains.Grains.Deadlines;

namespace Domains.Grains.Authorizations;

/// <summary>The deadline kinds of an authorization (API.md) and the schedule a term implies (R9, R13).</summary>
public static class AuthorizationDeadlines
{
    public const string Expiry = "expiry";
    public const string RenewalNotice = "renewal-notice";
    public const string ReportDue = "report-due";
    public const string CorrectionDue = "correction-due";

    /// <summary>Tags of the two report deadlines of a period: the reminder before and the check at the due instant.</summary>
    public static string ReportReminderTag(int period) => $"reminder:{period}";

    public static string ReportOverdueTag(int period) => $"overdue:{period}";

    /// <summary>Reports due every <paramref name="everyMonths"/> calendar months from the start, within the term.</summary>
    public static List<ReportView> Reports(Term term, int everyMonths)
    {
        var reports = new List<ReportView>();
        for (var period = 1; term.Start.AddMonths(period * everyMonths) <= term.End; period++)
        {
            reports.Add(new ReportView(period, term.Start.AddMonths(period * everyMonths), null, false, null));
        }
        return reports;
    }

    /// <summary>Every deadline of a fresh term that still lies ahead of <paramref name="now"/>.</summary>
    public static IEnumerable<Deadline> ForTerm(Term term, IReadOnlyList<ReportView> reports, AuthorizationOptions options, DateTimeOffset now)
    {
        yield return new Deadline(Expiry, term.End);
        foreach (var days in options.RenewalLeadDays.Distinct())
        {
            var at = term.End.AddDays(-days);
            if (at > now) yield return new Deadline(RenewalNotice, at, days.ToString(CultureInfo.InvariantCulture));
        }
        foreach (var report in reports)
        {
            var reminder = report.DueAt - options.ReportNoticeLead;
            if (reminder > now) yield return new Deadline(ReportDue, reminder, ReportReminderTag(report.Period));
            yield return new Deadline(ReportDue, report.DueAt, ReportOverdueTag(report.Period));
        }
    }
}
