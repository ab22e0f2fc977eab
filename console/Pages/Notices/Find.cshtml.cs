using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Domains.WebConsole.Pages.Notices;

public sealed class FindModel : PageModel
{
    public IActionResult OnGet(string? id) =>
        string.IsNullOrWhiteSpace(id) ? RedirectToPage("/Notices/Index") : RedirectToPage("/Notices/Detail", new { id = id.Trim() });
}
