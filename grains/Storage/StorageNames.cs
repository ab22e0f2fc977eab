namespace Domains.Grains.Storage;

/// <summary>
/// The grain storage provider and the state name of every grain type. The ADO.NET storage keys a row
/// by state name and grain key, not by grain type: two grain types sharing a key and a state name
/// would share a row, so every grain type has its own state name here.
/// </summary>
public static class StorageNames
{
    public const string Main = "Main";

    public const string DomainState = "domain";
    public const string UnitState = "unit";
    public const string NoticeState = "notice";
    public const string AuthorizationState = "authorization";
    public const string WorkspaceState = "workspace";
    public const string ProductState = "product";
    public const string ClockState = "business-clock";
    public const string WebhookState = "webhook";
    public const string ChannelState = "channel";
    public const string DatasetState = "dataset";
    public const string ExportState = "export";
}
