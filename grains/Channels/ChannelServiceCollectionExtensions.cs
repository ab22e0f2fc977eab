using Domains.GrainInterfaces.Units;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Domains.Grains.Channels;

public static class ChannelServiceCollectionExtensions
{
    /// <summary>
    /// Notification channels: <see cref="ChannelOptions"/> (section <c>Channels</c>), <see cref="SmtpOptions"/>
    /// (<c>Smtp</c>) and the console link (<c>Console</c>), checked at start-up; the channels' outbox, the texts,
    /// the staff's addresses and a sender per kind. Needs <c>AddNoticeWebhooks</c> (the secrets' key, the URL policy and the HTTP client).
    /// </summary>
    public static IServiceCollection AddNotificationChannels(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ChannelOptions>().BindConfiguration(ChannelOptions.Section)
            .Validate(o => o.HasValidSchedule(),
                "Channels: PollInterval, MaxAge, RequestTimeout, RetryBaseDelay, BatchSize and Parallelism must be positive, RetryMaxDelay at least RetryBaseDelay.")
            .Validate(o => o.SupervisorAddresses.Concat(o.AuthorityAddresses).All(UnitContact.IsValidEmail),
                "Channels: SupervisorAddresses and AuthorityAddresses must be email addresses (local@domain).")
            .ValidateOnStart();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section)
            .Validate(o => o.Port is > 0 and < 65536, "Smtp:Port must be a TCP port.")
            .Validate(o => UnitContact.IsValidEmail(o.From), "Smtp:From must be an email address (local@domain).")
            .ValidateOnStart();
        services.AddOptions<ConsoleLinkOptions>().BindConfiguration(ConsoleLinkOptions.Section)
            .Validate(o => string.IsNullOrWhiteSpace(o.PublicUrl) || Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out _), "Console:PublicUrl must be an absolute URL.")
            .ValidateOnStart();
        services.AddSingleton<ChannelOutbox>();
        services.AddSingleton<NoticeTexts>();
        services.AddSingleton<EmailSender>();
        services.AddSingleton<StaffAddresses>();
        services.AddSingleton<DingtalkSender>();
        return services;
    }
}
