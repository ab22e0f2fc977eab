using System.Globalization;

namespace Domains.Bench;

/// <summary>What every scenario shares: the co-hosted grain factory, the database, the scale and the figures.</summary>
public sealed class Bench(IServiceProvider services, IGrainFactory grains, string connectionString, bool quick)
{
    private readonly List<Figure> _figures = [];

    public IServiceProvider Services { get; } = services;

    public IGrainFactory Grains { get; } = grains;

    /// <summary>The owner's connection, for the scenarios' own queries.</summary>
    public string ConnectionString { get; } = connectionString;

    /// <summary>The API's login (<c>domains_api</c>), for an API the bench starts.</summary>
    public required string ApiConnectionString { get; init; }

    /// <summary>The quick run (under ten minutes); the full run goes further in scale.</summary>
    public bool Quick { get; } = quick;

    public IReadOnlyList<Figure> Figures => _figures;

    /// <summary>Prints a figure as <c>name&lt;TAB&gt;value&lt;TAB&gt;unit</c> and keeps it for results.json.</summary>
    public void Report(string name, double value, string unit)
    {
        _figures.Add(new Figure(name, value, unit));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}\t{value:0.###}\t{unit}"));
    }

    /// <summary>A line of progress on standard error, so standard output stays the figures alone.</summary>
    public static void Progress(string message) =>
        Console.Error.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} {message}");
}

public sealed record Figure(string Name, double Value, string Unit);

public static class Stats
{
    /// <summary>The nearest-rank percentile (0 &lt; p ≤ 1) of <paramref name="samples"/>.</summary>
    public static double Percentile(IReadOnlyCollection<double> samples, double p)
    {
        if (samples.Count == 0) return double.NaN;
        var sorted = samples.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
