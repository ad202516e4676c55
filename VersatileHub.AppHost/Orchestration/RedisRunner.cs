using System.Runtime.Versioning;
using System.Net.Sockets;
using System.Text;
using VersatileHub.AppHost.Hosting;

namespace VersatileHub.AppHost.Orchestration;

/// <summary>Runs a <see cref="RedisResource"/> as a local redis-server process with append-only persistence.</summary>
[SupportedOSPlatform("linux")]
internal sealed class RedisRunner(string serverPath, string dataDirectory, EnvironmentContext context, ResourceMonitor monitor)
{
    public static string FindServer() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/usr/local/bin")
            .Select(d => Path.Combine(d, "redis-server"))
            .FirstOrDefault(File.Exists)
        ?? throw new DistributedApplicationException(
            "redis-server was not found on PATH. Install it with `apt-get install redis-server`, or run ./run.sh, which installs it.");

    public ResourceProcess Start(RedisResource redis)
    {
        var directory = Directory.CreateDirectory(Path.Combine(dataDirectory, redis.Name)).FullName;
        // The password goes in a file only the AppHost's user can read, not on a command line that `ps` shows.
        var configuration = Path.Combine(directory, "redis.conf");
        File.WriteAllText(configuration, $"requirepass \"{context.GetValue(redis.PasswordParameter)}\"\n");
        File.SetUnixFileMode(configuration, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var server = new Command(serverPath,
        [
            configuration, "--port", $"{redis.GetEndpoint("tcp").Port}", "--bind", "127.0.0.1",
            "--dir", directory, "--appendonly", "yes", "--daemonize", "no",
        ]);
        return ResourceProcess.Start(redis, server.InOwnSession(), monitor, directory);
    }

    public Task WaitUntilReadyAsync(ResourceProcess process, TimeSpan timeout, CancellationToken cancellationToken) =>
        Readiness.WaitUntilAsync(process, "answering PING", ct => AnswersPingAsync((RedisResource)process.Resource, ct), timeout, cancellationToken);

    /// <summary>The server takes its password and answers PING.</summary>
    public async Task<bool> AnswersPingAsync(RedisResource redis, CancellationToken cancellationToken)
    {
        var endpoint = redis.GetEndpoint("tcp");
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);

        await stream.WriteAsync(Encoding.UTF8.GetBytes(Resp("AUTH", context.GetValue(redis.PasswordParameter)) + Resp("PING")), cancellationToken);
        return await reader.ReadLineAsync(cancellationToken) == "+OK"
            && await reader.ReadLineAsync(cancellationToken) == "+PONG";
    }

    private static string Resp(params string[] parts) =>
        $"*{parts.Length}\r\n" + string.Concat(parts.Select(p => $"${Encoding.UTF8.GetByteCount(p)}\r\n{p}\r\n"));
}
