namespace VersatileHub.Bench;

/// <summary>The PostgreSQL and Redis the benchmarks run against, started by <c>./bench.sh</c> (or any you point them at).</summary>
internal sealed record BenchServers(string Postgres, string Redis)
{
    public static BenchServers FromEnvironment() => new(Required("VH_TEST_POSTGRES"), Required("VH_TEST_REDIS"));

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. Run ./bench.sh, which builds in Release, starts throwaway PostgreSQL and Redis servers and runs the benchmarks.");
}
