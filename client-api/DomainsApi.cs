using System.Text.Json;
using System.Text.Json.Serialization;
using Domains.ClientApi.Auth;
using Domains.ClientApi.Endpoints;
using Domains.ClientApi.Errors;
using Domains.ClientApi.Http;
using Domains.ClientApi.OpenApi;
using Domains.GrainInterfaces;
using Domains.ServiceDefaults;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans.Configuration;

namespace Domains.ClientApi;

/// <summary>Builds the API: an Orleans client in front of the cluster, holding no state of its own.</summary>
public static class DomainsApi
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var configuration = builder.Configuration;
        var connectionString = configuration.GetConnectionString("Domains")
            ?? throw new InvalidOperationException("ConnectionStrings:Domains is not set.");

        builder.UseOrleansClient(client =>
        {
            // A grain call carries the HTTP request's trace, so the silo's spans and logs join it.
            client.AddActivityPropagation();
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = configuration["Orleans:ClusterId"] ?? "domains-local";
                options.ServiceId = configuration["Orleans:ServiceId"] ?? "domains";
            });
            client.UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = connectionString;
            });
            // Mutual TLS to the gateways (Orleans:Tls); Production refuses to start without it.
            client.UseDomainsTls(configuration.GetSection(OrleansTransportSecurity.Section), builder.Environment.IsProduction());
            // A command that does not answer in time is an unknown outcome (504); see ExceptionMapping.
            if (TimeSpan.TryParse(configuration["Orleans:ResponseTimeout"], System.Globalization.CultureInfo.InvariantCulture, out var responseTimeout))
            {
                client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = responseTimeout);
            }
            // The API may start before any silo: keep trying until one answers or the host stops. A short
            // pause, because a silo that is starting registers its gateway within a second or two and the
            // API's start (and ops/run's readiness) waits for it; each try is one membership-table read.
            client.UseConnectionRetryFilter(async (_, cancellationToken) =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
                return true;
            });
        });

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1024 * 1024);
        builder.Services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ExceptionMapping>();
        builder.Services.AddDomainsAuth(configuration);
        builder.Services.AddDomainsRateLimits();
        builder.Services.AddOptions<WebhookUrlOptions>().BindConfiguration(WebhookUrlOptions.Section);
        builder.Services.AddOptions<AdminClockOptions>().BindConfiguration(AdminClockOptions.Section)
            .Validate(o => o.IsValid(), "AdminClock:AnswerWithin must not be negative.").ValidateOnStart();
        builder.Services.AddDomainsHealthChecks();
        builder.Services.AddOpenApi("v1", options => options.DescribeJsonBodies().AddDomainsDocument());
        // Probes and scrapes would start a trace every few seconds and tell nothing.
        builder.AddDomainsTelemetry("domains-api",
                tracing => tracing.AddAspNetCoreInstrumentation(options => options.Filter = http => !IsOperationsPath(http.Request.Path)))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddPrometheusExporter());

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseAuthentication();
        // After authentication, so writes count per token subject; before authorization, so refused ones count too.
        app.UseRateLimiter();
        app.UseAuthorization();
        app.Use(QueryText.RefuseNulAsync);

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthEndpoints();
        app.MapPrometheusScrapingEndpoint().ExcludeFromDescription();
        app.MapDomainEndpoints();
        app.MapDatasetEndpoints();
        app.MapUnitEndpoints();
        app.MapNoticeEndpoints();
        app.MapAuditEndpoints();
        app.MapWebhookEndpoints();
        app.MapChannelEndpoints();
        app.MapAdminClockEndpoints();
        app.MapAuthorizationEndpoints();
        app.MapInboxEndpoints();
        app.MapWorkspaceEndpoints();
        app.MapDeadlineEndpoints();
        app.MapProductEndpoints();
        app.MapUsageEndpoints();
        app.MapExportEndpoints();
        app.MapFallback((HttpContext http) =>
            Problems.Result(new DomainError(ErrorCodes.NotFound, $"No route {http.Request.Method} {http.Request.Path}."), http));
        return app;
    }

    private static bool IsOperationsPath(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");

    /// <summary>camelCase fields and kebab-case enums, as API.md fixes them.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new UtcInstantConverter());
    }
}
