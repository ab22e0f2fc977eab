using Microsoft.AspNetCore.Authorization;

namespace Domains.WebConsole.Pages;

/// <summary>The operators' view, for the authority only (the Orleans Dashboard is off by default: BENCHMARKS.md).</summary>
[Authorize(Policy = Policies.Authority)]
public sealed class OpsModel : ConsolePage
{
    public void OnGet()
    {
    }
}
