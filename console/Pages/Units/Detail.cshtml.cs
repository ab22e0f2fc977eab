using System.Text.Json;

namespace Domains.WebConsole.Pages.Units;

/// <summary>A unit: its qualification (each unmet condition in words), incidents and inspections.</summary>
public sealed class DetailModel : ConsolePage
{
    public string Uscc { get; private set; } = "";

    public JsonElement Unit { get; private set; }

    public async Task OnGetAsync(string uscc)
    {
        Uscc = uscc;
        var result = await GetAsync($"/v1/units/{Uri.EscapeDataString(uscc)}");
        if (result.Ok) Unit = result.Body;
        else Show(result);
    }
}
