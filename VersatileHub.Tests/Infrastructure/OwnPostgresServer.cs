using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace VersatileHub.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of the test's own, for tests that stop and start the server; the shared one must stay up.
/// initdb and pg_ctl refuse to run as root, so as root they run as the postgres user.
/// </summary>
public sealed class OwnPostgresServer : IAsyncDisposable
{
    private const string Password = "own-server-test";

    private readonly string _folder;
    private readonly int _port;

    private OwnPostgresServer(string folder, int port)
    {
        _folder = folder;
        _port = port;
    }

    private string DataDirectory => Path.Combine(_folder, "data");

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _port,
        Username = "postgres",
        Password = Password,
        Database = database,
    }.ConnectionString;

    public static async Task<OwnPostgresServer> StartNewAsync()
    {
        var folder = Directory.CreateTempSubdirectory("vh-own-pg-").FullName;
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        var server = new OwnPostgresServer(folder, FreePort());
        var passwordFile = Path.Combine(folder, "password");
        await File.WriteAllTextAsync(passwordFile, Password);
        if (IsRoot)
        {
            await RunAsync("chown", "-R", "postgres:postgres", folder);
        }

        await RunAsPostgresAsync(
            Path.Combine(TestServers.PostgresBin, "initdb"),
            "-D", server.DataDirectory, "-U", "postgres", "--auth=scram-sha-256", $"--pwfile={passwordFile}", "--no-instructions");
        await server.StartAsync();
        return server;
    }

    public Task StartAsync() => RunAsPostgresAsync(
        Path.Combine(TestServers.PostgresBin, "pg_ctl"),
        "-D", DataDirectory, "-l", Path.Combine(_folder, "server.log"), "-w", "-o",
        $"-p {_port} -c listen_addresses=127.0.0.1 -k {_folder} -c fsync=off",
        "start");

    public Task StopAsync() => RunAsPostgresAsync(
        Path.Combine(TestServers.PostgresBin, "pg_ctl"), "-D", DataDirectory, "-m", "fast", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await StopAsync();
        }
        Directory.Delete(_folder, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task RunAsPostgresAsync(string program, params string[] arguments) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments]) : RunAsync(program, arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {await output}{await errors}");
        }
    }
}
