using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Domains.WebConsole.Pages;

/// <summary>A person signed in with a one-time password sees only the page that changes it.</summary>
public sealed class PasswordChangeFilter : IAsyncPageFilter
{
    public const string Claim = "must-change";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var page = context.ActionDescriptor.ViewEnginePath;
        if (context.HttpContext.User.HasClaim(c => c.Type == Claim)
            && page is not ("/Account/Password" or "/Account/Logout" or "/Account/Login" or "/Error" or "/Culture"))
        {
            var request = context.HttpContext.Request;
            var returnUrl = HttpMethods.IsGet(request.Method) ? request.Path + request.QueryString : "/";
            context.Result = new RedirectToPageResult("/Account/Password", new { returnUrl = returnUrl.ToString() });
            return;
        }
        await next();
    }
}
