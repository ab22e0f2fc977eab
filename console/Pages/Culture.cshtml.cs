using Domains.WebConsole.Localization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Domains.WebConsole.Pages;

/// <summary>Switches the language (a cookie for a year) and returns to the page the person was on.</summary>
public sealed class CultureModel : PageModel
{
    public IActionResult OnGet(string? lang, string? returnUrl)
    {
        var culture = lang == Cultures.English ? Cultures.English : Cultures.Chinese;
        Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = Request.IsHttps });
        return LocalRedirect(!string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
