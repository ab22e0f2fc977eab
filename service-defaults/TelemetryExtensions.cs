using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Domains.ServiceDefaults;

/// <summary>
/// The telemetry both hosts share (as eShop's service defaults): one OpenTelemetry setup listening to
/// our meter and spans, Orleans' and Npgsql's, with the runtime's metrics; OTLP export only when a
/// collector is configured. Each host adds its own exporter for <c>GET /metrics</c>.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>Our meter and activity source (<c>DomainsMetrics</c>, <c>DomainsTracing</c> in the grains).</summary>
    public const string DomainsName = "Domains";

    /// <summary>The meter of Orleans' runtime, client and silo alike (<c>OrleansInstruments</c>).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>
    /// Spans of calls to application grains (<c>Orleans.Diagnostics.ActivitySources</c>). The runtime's
    /// own source (<c>Microsoft.Orleans.Runtime</c>: membership, directory, reminders) is left out: it
    /// serves no request and would bury the ones that do.
    /// </summary>
    public const string OrleansApplicationSource = "Microsoft.Orleans.Application";

    /// <summary>The variable that turns OTLP export on (all signals), with the standard <c>OTEL_*</c> settings.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <param name="tracing">The host's own span sources, added only when spans are exported.</param>
    public static OpenTelemetryBuilder AddDomainsTelemetry(this IHostApplicationBuilder builder, string serviceName,
        Action<TracerProviderBuilder>? tracing = null)
    {
        var exporting = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]);
        var telemetry = builder.AddOpenTelemetry()
            // The variables (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES) still win over our name.
            .ConfigureResource(resource => resource.AddService(serviceName).AddEnvironmentVariableDetector())
            .WithMetrics(metrics => metrics
                .AddMeter(DomainsName, OrleansMeter)
                .DropPerMessageInstruments()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation());

        if (exporting)
        {
            // Spans only for a collector: listening to a source makes every request, grain call and command
            // start an activity, sampled or not, which doubled the CPU of an access decision and took 5-10 %
            // of the API's under HTTP access load (BENCHMARKS.md). Logs go out too, with their trace ids; only
            // here, so no log is handled twice for nothing. The API's log lines carry trace ids either way
            // (ASP.NET Core starts the request's activity for logging on its own); the silo's only while exporting.
            telemetry
                .WithTracing(spans =>
                {
                    spans
                        .SetSampler(new ParentBasedSampler(new RequestRootSampler()))
                        .AddSource(DomainsName, OrleansApplicationSource)
                        .AddNpgsql();
                    tracing?.Invoke(spans);
                })
                .WithLogging()
                .UseOtlpExporter();
        }

        return telemetry;
    }

    /// <summary>
    /// Orleans' instruments recorded for every message (counts and sizes by stage, directory lookups):
    /// a listener on them cost as much CPU per access decision as the decision itself. The grain-call
    /// latency histogram, activation, storage, membership and reminder figures stay.
    /// </summary>
    private static MeterProviderBuilder DropPerMessageInstruments(this MeterProviderBuilder metrics)
    {
        string[] perMessage =
        [
            "orleans-messaging-processing-*", "orleans-messaging-sent-local", "orleans-messaging-sent-*-size",
            "orleans-messaging-received-*-size", "orleans-directory-lookups-*", "orleans-gateway-received", "orleans-gateway-sent",
        ];
        foreach (var name in perMessage) metrics.AddView(name, MetricStreamConfiguration.Drop);
        return metrics;
    }
}
