using System.Runtime.Versioning;
using Npgsql;
using VersatileHub.AppHost.Hosting;

namespace VersatileHub.AppHost.Orchestration;

/// <summary>Runs a <see cref="PostgresServerResource"/> as a local postgres process and creates its databases.</summary>
[SupportedOSPlatform("linux")]
internal sealed class PostgresRunner(string binDirectory, string dataDirectory, EnvironmentContext context, ResourceMonitor monitor) : IDisposable
{
    // Concurrent CREATE DATABASE statements fail while template1 is in use.
    private readonly SemaphoreSlim _databaseCreation = new(1, 1);

    public static string FindBinDirectory()
    {
        var packaged = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => d == "/usr/lib/postgresql/15")
                .ThenByDescending(d => int.TryParse(Path.GetFileName(d), out var version) ? version : 0)
                .Select(d => Path.Combine(d, "bin"))
            : [];
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);

        return packaged.Concat(onPath).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "postgres")))
            ?? throw new DistributedApplicationException(
                "PostgreSQL was not found in /usr/lib/postgresql/*/bin nor on PATH. Install it with `apt-get install postgresql-15`, or run ./run.sh, which installs it.");
    }

    public string DataDirectoryOf(PostgresServerResource server) => Path.Combine(dataDirectory, server.Name);

    /// <summary>Creates the cluster on the first run; later runs reuse it with the same password.</summary>
    public async Task InitializeAsync(PostgresServerResource server, CancellationToken cancellationToken)
    {
        var cluster = DataDirectoryOf(server);
        if (File.Exists(Path.Combine(cluster, "PG_VERSION")))
        {
            return;
        }

        EnsurePostgresUserCanReach(dataDirectory);
        Directory.CreateDirectory(cluster, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var passwordFile = Path.Combine(dataDirectory, $"{server.Name}.initdb-password");
        await File.WriteAllTextAsync(passwordFile, context.GetValue(server.PasswordParameter), cancellationToken);
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            if (Libc.IsRoot)
            {
                await RunToEndAsync(server, new Command("chown", ["-R", "postgres:postgres", cluster, passwordFile]), "chown");
            }

            var initdb = new Command(Path.Combine(binDirectory, "initdb"),
            [
                "-D", cluster, "-U", PostgresServerResource.UserName, "--auth=scram-sha-256", $"--pwfile={passwordFile}",
                "--encoding=UTF8", "--locale=C", "--no-instructions",
            ]);
            await RunToEndAsync(server, initdb.AsPostgresUserWhenRoot(), "initdb");
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    public ResourceProcess Start(PostgresServerResource server)
    {
        var cluster = DataDirectoryOf(server);
        var postgres = new Command(Path.Combine(binDirectory, "postgres"),
        [
            "-D", cluster, "-p", $"{server.GetEndpoint("tcp").Port}", "-c", "listen_addresses=127.0.0.1", "-k", cluster,
        ]);
        // SIGINT is PostgreSQL's fast shutdown: it ends client sessions instead of waiting for them.
        return ResourceProcess.Start(server, postgres.AsPostgresUserWhenRoot().InOwnSession(), monitor, cluster, stopSignal: Libc.SIGINT);
    }

    /// <summary>The server accepts a connection with its password.</summary>
    public async Task<bool> AcceptsConnectionsAsync(PostgresServerResource server, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(server, "postgres", cancellationToken);
        return true;
    }

    /// <summary>The database exists and its server lets one in.</summary>
    public async Task<bool> AcceptsConnectionsAsync(PostgresDatabaseResource database, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(database.Parent, database.DatabaseName, cancellationToken);
        return true;
    }

    public Task WaitUntilReadyAsync(ResourceProcess process, TimeSpan timeout, CancellationToken cancellationToken) =>
        Readiness.WaitUntilAsync(process, "accepting connections", ct => AcceptsConnectionsAsync((PostgresServerResource)process.Resource, ct), timeout, cancellationToken);

    public async Task EnsureDatabaseAsync(PostgresDatabaseResource database, CancellationToken cancellationToken)
    {
        await _databaseCreation.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(database.Parent, "postgres", cancellationToken);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
            exists.Parameters.Add(new NpgsqlParameter { Value = database.DatabaseName });
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                // An identifier cannot be a parameter, so it is quoted.
                var name = database.DatabaseName.Replace("\"", "\"\"", StringComparison.Ordinal);
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
                monitor.Log(database, $"created database {database.DatabaseName}");
            }
        }
        finally
        {
            _databaseCreation.Release();
        }
    }

    public void Dispose() => _databaseCreation.Dispose();

    private async Task<NpgsqlConnection> OpenAsync(PostgresServerResource server, string databaseName, CancellationToken cancellationToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(server.GetConnectionString(context))
        {
            Database = databaseName,
            // No idle connection of ours should linger while the suite runs.
            Pooling = false,
        };
        var connection = new NpgsqlConnection(connectionString.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task RunToEndAsync(PostgresServerResource server, Command command, string step)
    {
        var process = ResourceProcess.Start(server, command, monitor);
        var exitCode = await process.Exited;
        if (exitCode != 0)
        {
            throw new DistributedApplicationException($"'{server.Name}': {step} failed with exit code {exitCode}; its output is above.");
        }
    }

    // initdb and postgres run as the postgres user, which must be able to walk down to the data folder.
    private static void EnsurePostgresUserCanReach(string directory)
    {
        if (!Libc.IsRoot)
        {
            return;
        }

        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            if ((File.GetUnixFileMode(current.FullName) & UnixFileMode.OtherExecute) == 0)
            {
                throw new DistributedApplicationException(
                    $"PostgreSQL runs as the postgres user, which cannot reach {directory} because {current.FullName} is not traversable. " +
                    $"Run `chmod o+x {current.FullName}` or set AppHost__DataDirectory to a folder under /tmp.");
            }
        }
    }
}
