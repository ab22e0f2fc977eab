using System.Security.Claims;
using Domains.WebConsole.Accounts;
using Domains.WebConsole.Api;
using Domains.WebConsole.Localization;
using Domains.WebConsole.Pages;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Domains.WebConsole;

/// <summary>Builds the console: server-rendered pages that call the HTTP API for the signed-in person.</summary>
public static class ConsoleApp
{
    public const string SessionCookie = "domains.console";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Named after this assembly, so its pages are found when another process (a test) hosts it.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(ConsoleApp).Assembly.GetName().Name,
        });
        configure?.Invoke(builder);
        var configuration = builder.Configuration;
        var services = builder.Services;

        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section);
        services.AddOptions<ApiTokenOptions>().BindConfiguration(ApiTokenOptions.Section);
        var options = configuration.GetSection(ConsoleOptions.Section).Get<ConsoleOptions>() ?? new ConsoleOptions();
        var oidc = !string.IsNullOrWhiteSpace(options.Oidc.Authority);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => NpgsqlDataSource.Create(configuration.GetConnectionString("Console")
            ?? throw new InvalidOperationException("ConnectionStrings:Console (the domains_console login) is not set.")));
        services.AddSingleton<AccountStore>();
        services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        services.AddSingleton<LocalSignIn>();
        services.AddSingleton<TokenMinter>();
        services.AddHttpClient<DomainsApiClient>((provider, http) =>
        {
            http.BaseAddress = new Uri(provider.GetRequiredService<IOptions<ConsoleOptions>>().Value.ApiUrl);
            http.Timeout = TimeSpan.FromSeconds(30);
        });

        services.AddLocalization(localization => localization.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(localization =>
        {
            localization.DefaultRequestCulture = new RequestCulture(Cultures.Chinese);
            localization.SupportedCultures = [.. Cultures.Supported];
            localization.SupportedUICultures = [.. Cultures.Supported];
            // The person's choice (a cookie) or Chinese; the browser's language does not switch it.
            localization.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });

        var authentication = services.AddAuthentication(auth =>
        {
            auth.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            if (oidc) auth.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
        });
        authentication.AddCookie(cookie =>
        {
            cookie.Cookie.Name = SessionCookie;
            cookie.Cookie.HttpOnly = true;
            // Strict keeps the session off every cross-site request; an OpenID provider's redirect back needs Lax.
            cookie.Cookie.SameSite = oidc ? SameSiteMode.Lax : SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = options.IdleTimeout;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/account/login";
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/account/denied";
        });
        if (oidc)
        {
            authentication.AddOpenIdConnect(openId =>
            {
                openId.Authority = options.Oidc.Authority;
                openId.ClientId = options.Oidc.ClientId;
                openId.ClientSecret = options.Oidc.ClientSecret;
                openId.ResponseType = "code";
                openId.UsePkce = true;
                openId.MapInboundClaims = false;
                openId.SaveTokens = false;
                openId.Scope.Clear();
                openId.Scope.Add("openid");
                openId.Scope.Add("profile");
                openId.Events.OnTokenValidated = context =>
                {
                    var user = context.Principal!;
                    var role = user.FindFirstValue(options.Oidc.RoleClaim);
                    var unit = user.FindFirstValue(options.Oidc.UnitClaim);
                    var name = user.FindFirstValue("preferred_username") ?? user.FindFirstValue("sub");
                    if (name is null || role is null || !Roles.People.Contains(role) || (role == Roles.Unit && string.IsNullOrEmpty(unit)))
                    {
                        context.Fail("The provider's token names no person, no role a person may hold, or a unit role without its unit.");
                        return Task.CompletedTask;
                    }
                    var person = new Person(name, role, role == Roles.Unit ? unit : null, user.FindFirstValue("zoneinfo") ?? options.DefaultTimeZone);
                    context.Principal = person.ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme);
                    return Task.CompletedTask;
                };
            });
        }

        services.AddAuthorization(authorization =>
        {
            authorization.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(Person.RoleClaim).Build();
            authorization.AddPolicy(Policies.Authority, policy => policy.RequireClaim(Person.RoleClaim, Roles.Authority));
        });
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "domains.console.af";
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddRazorPages(pages =>
        {
            pages.Conventions.AllowAnonymousToPage("/Account/Login");
            pages.Conventions.AllowAnonymousToPage("/Account/Denied");
            pages.Conventions.AllowAnonymousToPage("/Error");
            pages.Conventions.AllowAnonymousToPage("/Culture");
            // Every form carries its antiforgery token, and a POST without it is refused (400).
            pages.Conventions.ConfigureFilter(new Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute());
            pages.Conventions.ConfigureFilter(new PasswordChangeFilter());
        });

        var app = builder.Build();
        app.UseExceptionHandler("/Error");
        app.UseStatusCodePagesWithReExecute("/Error", "?status={0}");
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'";
            headers["Referrer-Policy"] = "same-origin";
            headers.CacheControl = "no-store";
            await next();
        });
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous();
        app.MapRazorPages();
        return app;
    }
}
