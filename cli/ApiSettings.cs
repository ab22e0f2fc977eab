using System.ComponentModel;
using Spectre.Console.Cli;

namespace Domains.Cli;

/// <summary>The options of every command that calls the API: where it is and the token to call it with.</summary>
public class ApiSettings : CommandSettings
{
    [CommandOption("--url <URL>")]
    [Description("the API address (else DOMAINS_URL, else what domainsctl login saved)")]
    public string? Url { get; set; }

    [CommandOption("--token <TOKEN>")]
    [Description("the token to call it with (else DOMAINS_TOKEN, else what domainsctl login saved)")]
    public string? Token { get; set; }
}
