using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;
using StackExchange.Redis;

namespace VersatileHub.Bench.Suite;

/// <summary>
/// A Redis of the fault run's own, persisted as the AppHost runs it (<c>--appendonly yes</c>), so that a restart keeps
/// the streams, as a deployment's does (bench.sh's throwaway Redis keeps nothing).
/// </summary>
internal sealed class FaultRedis : IAsyncDisposable
{
    private readonly string _directory;
    private readonly int _port;
    private readonly string _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private Process? _process;

    private FaultRedis(string directory, int port)
    {
        _directory = directory;
        _port = port;
    }

    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{_port},password={_password}");

    public static async Task<FaultRedis> StartAsync(string workDirectory)
    {
        var directory = Directory.CreateDirectory(Path.Combine(workDirectory, "redis")).FullName;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var redis = new FaultRedis(directory, port);
        await redis.StartAsync();
        return redis;
    }

    private async Task StartAsync()
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList =
            {
                "-c", "exec redis-server --port \"$0\" --bind 127.0.0.1 --requirepass \"$1\" --dir \"$2\" --appendonly yes --save '' >>\"$2/redis.log\" 2>&1",
                _port.ToString(CultureInfo.InvariantCulture), _password, _directory,
            },
            UseShellExecute = false,
        };
        _process = Process.Start(start)!;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",connectTimeout=1000");
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisException)
            {
                // Not listening yet, or still loading its append-only file (LOADING).
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException($"The fault run's Redis did not answer on port {_port}; see {_directory}/redis.log.");
    }

    /// <summary>SIGTERM (Redis writes its append-only file and exits), then the same server again on the same port and data.</summary>
    public async Task RestartAsync(TimeSpan down)
    {
        await StopAsync();
        await Task.Delay(down);
        await StartAsync();
    }

    private async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            await Signal.TerminateAsync(process.Id);
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

/// <summary>Restarts the bench's PostgreSQL (bench.sh's throwaway server) with <c>pg_ctl restart -m fast</c>, as an operator does.</summary>
internal sealed class FaultPostgres(string adminConnectionString)
{
    public async Task RestartAsync()
    {
        string dataDirectory;
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();
            await using var show = new NpgsqlCommand("SHOW data_directory", connection);
            dataDirectory = (string)(await show.ExecuteScalarAsync())!;
        }
        var pgBin = Environment.GetEnvironmentVariable("VH_TEST_PG_BIN") is { Length: > 0 } bin ? bin : "/usr/lib/postgresql/15/bin";
        var log = Path.Combine(Path.GetDirectoryName(dataDirectory)!, "postgres.log");
        string[] pgCtl = [Path.Combine(pgBin, "pg_ctl"), "-D", dataDirectory, "-l", log, "-m", "fast", "-w", "-t", "60", "restart"];
        // PostgreSQL refuses to run as root: as root, its tools run as the postgres user (as bench.sh starts it).
        string[] command = Environment.UserName == "root" ? ["runuser", "-u", "postgres", "--", .. pgCtl] : pgCtl;
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = "/tmp",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command[1..])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_ctl restart failed ({process.ExitCode}): {await output}{await errors}");
        }
    }
}
