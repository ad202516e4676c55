using System.Globalization;

namespace VersatileHub.Bench;

internal sealed record BenchResult(string Name, long Events, TimeSpan Elapsed, double? P50Ms, double? P99Ms, string Target, bool Met)
{
    public double EventsPerSecond => Events / Elapsed.TotalSeconds;
}

internal static class Percentiles
{
    /// <summary>The nearest-rank percentile of ascending <paramref name="sorted"/> latencies.</summary>
    public static double Of(double[] sorted, int percentile) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];
}

internal static class ResultTable
{
    public static void Print(IReadOnlyList<BenchResult> results, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine("| benchmark | events | seconds | events/s | p50 ms | p99 ms | target | met |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---|---|");
        foreach (var r in results)
        {
            output.WriteLine(string.Create(c,
                $"| {r.Name} | {r.Events} | {r.Elapsed.TotalSeconds:0.00} | {r.EventsPerSecond:0} | {Format(r.P50Ms)} | {Format(r.P99Ms)} | {r.Target} | {(r.Met ? "yes" : "NO")} |"));
        }
    }

    private static string Format(double? ms) => ms is { } value ? value.ToString("0.0", CultureInfo.InvariantCulture) : "-";
}
