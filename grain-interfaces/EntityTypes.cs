namespace Domains.GrainInterfaces;

/// <summary>The entity type names used in audit, deadlines and API paths (<c>{type}/{id}</c>).</summary>
public static class EntityTypes
{
    public const string Unit = "unit";
    public const string Notice = "notice";
    public const string Authorization = "authorization";
    public const string Domain = "domain";
    public const string Workspace = "workspace";
    public const string Product = "product";
    public const string Webhook = "webhook";
    public const string Channel = "channel";
    public const string Dataset = "dataset";
    public const string Export = "export";

    public static readonly IReadOnlyList<string> All = [Unit, Notice, Authorization, Domain, Workspace, Product, Webhook, Dataset, Export, Channel];
}
