using System.Diagnostics;

namespace Domains.Grains.Telemetry;

/// <summary>
/// Our own spans, only where a grain call's span says too little (a deadline sweep ties the calls of
/// one reminder tick together). Static like every <see cref="ActivitySource"/>: it holds no resources.
/// </summary>
public static class DomainsTracing
{
    /// <summary>The source's name; the hosts' tracers listen to it by this name.</summary>
    public const string SourceName = "Domains";

    public static readonly ActivitySource Source = new(SourceName);
}
