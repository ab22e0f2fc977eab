using Microsoft.Extensions.Hosting;

namespace Domains.Grains.Webhooks;

/// <summary>Where notice webhooks may post, settled once at start-up from <see cref="WebhookOptions"/> and the environment.</summary>
public sealed record WebhookUrlPolicy(bool AllowHttp, bool AllowPrivateAddresses)
{
    public static WebhookUrlPolicy From(WebhookOptions options, IHostEnvironment? environment)
    {
        var development = environment?.IsDevelopment() ?? false;
        return new WebhookUrlPolicy(options.AllowHttp ?? development, options.AllowPrivateAddresses ?? development);
    }
}
