using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Domains.ServiceDefaults;

/// <summary>
/// Decides for the spans that would start a trace (a parent-based sampler decides the rest by their
/// parent): a client span without a parent serves no request (membership polling, reminder reads, the
/// access log writer's inserts, a timer's grain call), so it is dropped; servers (an HTTP request, a
/// grain call) and our own spans start traces.
/// </summary>
internal sealed class RequestRootSampler : Sampler
{
    private static readonly SamplingResult Keep = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Kind == ActivityKind.Client ? Drop : Keep;
}
