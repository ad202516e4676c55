namespace VersatileHub.Tests.Infrastructure;

/// <summary>The PostgreSQL and Redis servers that <c>./test.sh</c> starts for the run and announces through the environment.</summary>
public static class TestServers
{
    /// <summary>Admin connection string without a database, e.g. <c>Host=127.0.0.1;Port=..;Username=postgres;Password=..</c>.</summary>
    public static string Postgres => Required("VH_TEST_POSTGRES");

    /// <summary>StackExchange.Redis configuration, e.g. <c>127.0.0.1:6390,password=..</c>.</summary>
    public static string Redis => Required("VH_TEST_REDIS");

    /// <summary>Folder of PostgreSQL's server binaries (initdb, postgres).</summary>
    public static string PostgresBin =>
        Environment.GetEnvironmentVariable("VH_TEST_PG_BIN") is { Length: > 0 } bin ? bin : "/usr/lib/postgresql/15/bin";

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. Run the tests through ./test.sh, which starts throwaway PostgreSQL and Redis servers and sets it.");
}
