using System.Reflection;
using System.Runtime.InteropServices;

namespace Domains.Bench;

/// <summary>The machine a run measured, written next to its figures.</summary>
public static class Machine
{
    public static object Describe(string postgresVersion) => new
    {
        cores = Environment.ProcessorCount,
        cpu = ReadCpuModel(),
        memoryGiB = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        os = RuntimeInformation.OSDescription,
        dotnet = RuntimeInformation.FrameworkDescription,
        orleans = typeof(Grain).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+', ' ')[0].TrimEnd('.'),
        postgres = postgresVersion,
    };

    private static string? ReadCpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (!File.Exists(cpuinfo)) return null;
        return File.ReadLines(cpuinfo)
            .FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?
            .Split(':', 2)[1].Trim();
    }
}
