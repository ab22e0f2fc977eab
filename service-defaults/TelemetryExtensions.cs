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

    public static OpenTelemetryBuilder AddDomainsTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var exporting = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]);
        var telemetry = builder.AddOpenTelemetry()
            // The variables (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES) still win over our name.
            .ConfigureResource(resource => resource.AddService(serviceName).AddEnvironmentVariableDetector())
            .WithMetrics(metrics => metrics
                .AddMeter(DomainsName, OrleansMeter)
                .DropPerMessageInstruments()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation())
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new RequestRootSampler()))
                .AddSource(DomainsName));

        if (exporting)
        {
            // Grain-call and database spans only when they go somewhere: listening to a source makes every
            // grain call (or command) start an activity, sampled or not, which doubled the CPU of an access
            // decision (ops/bench, BENCHMARKS.md). Unexported, log lines inside a grain carry no trace ids.
            telemetry.WithTracing(tracing => tracing.AddSource(OrleansApplicationSource).AddNpgsql());
            // Logs go out too, with their trace ids; only here, so no log is handled twice for nothing.
            telemetry.WithLogging().UseOtlpExporter();
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
