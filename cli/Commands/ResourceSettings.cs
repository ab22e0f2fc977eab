using System.ComponentModel;
using Spectre.Console.Cli;

namespace Domains.Cli.Commands;

/// <summary>The arguments of a command on one resource: <c>KIND ID [-o table|json]</c>.</summary>
public class ResourceSettings : ApiSettings
{
    [CommandArgument(0, "<KIND>")]
    [Description(Domains.Cli.Kind.Names)]
    public string Kind { get; set; } = "";

    [CommandArgument(1, "<ID>")]
    [Description("the resource's id")]
    public string Id { get; set; } = "";

    [CommandOption("-o|--output <FORMAT>")]
    [Description("table or json")]
    [DefaultValue("table")]
    public string Output { get; set; } = "table";
}
