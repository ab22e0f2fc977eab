using System.Security.Claims;
using System.Text;
using Domains.ClientApi.Errors;
using Domains.GrainInterfaces;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Domains.ClientApi.Auth;

public static class AuthSetup
{
    public static IServiceCollection AddDomainsAuth(this IServiceCollection services, IConfiguration configuration)
    {
        // A missing, short or placeholder key stops the process at start, naming the reason, before any request.
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidation>();

        services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) =>
            {
                var options = auth.Value;
                var key = new SymmetricSecurityKey(options.ResolveKey());
                jwt.MapInboundClaims = false;
                jwt.TokenHandlers.Clear();
                jwt.TokenHandlers.Add(new RememberingTokenHandler(TimeProvider.System) { MapInboundClaims = false });
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Issuer,
                    ValidAudience = options.Audience,
                    IssuerSigningKey = key,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = Claims.Subject,
                    RoleClaimType = Claims.Role,
                };
                jwt.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        var user = context.Principal!;
                        var known = RoleNames.TryParse(user.FindFirstValue(Claims.Role), out var role);
                        if (string.IsNullOrEmpty(user.FindFirstValue(Claims.Subject)) || !known
                            || (role == Role.Unit && string.IsNullOrEmpty(user.FindFirstValue(Claims.Unit))))
                        {
                            context.Fail("The token lacks sub, a known role, or the unit of a unit role.");
                        }
                        // A policy admits a caller holding any listed role, while the grains act on the first
                        // role and unit: a token with two would pass as one and act as the other.
                        else if (!IsSingle(user, Claims.Subject) || !IsSingle(user, Claims.Role) || user.FindAll(Claims.Unit).Skip(1).Any())
                        {
                            context.Fail("The token holds more than one sub, role or unit.");
                        }
                        return Task.CompletedTask;
                    },
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        await Problems.Write(context.HttpContext, new DomainError(ErrorCodes.Unauthorized,
                            "A valid bearer token is required."));
                    },
                };
            });

        services.AddAuthorization();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return services;
    }

    private static bool IsSingle(ClaimsPrincipal user, string type) => user.FindAll(type).Take(2).Count() == 1;

    /// <summary>Admits an authenticated caller holding one of <paramref name="roles"/>.</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireRole(roles)
            .Build());

    /// <summary>Admits any authenticated caller.</summary>
    public static TBuilder RequireAnyRole<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRoles(RoleNames.Authority, RoleNames.Supervisor, RoleNames.Automation, RoleNames.Unit, RoleNames.Auditor);
}
