using System.Diagnostics;
using System.Globalization;

namespace VersatileHub.Bench.Suite;

/// <summary>
/// One service of the suite as its own process, started from its Release build as the AppHost starts a project
/// (<c>dotnet VersatileHub.&lt;Name&gt;.dll</c> in the project's folder, with the environment it is given), its output
/// appended to a log file.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly HttpClient Health = new() { Timeout = TimeSpan.FromSeconds(5) };

    private readonly IReadOnlyDictionary<string, string> _environment;
    private Process? _process;
    private Task _output = Task.CompletedTask;

    public ServiceProcess(string name, string project, int port, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        Name = name;
        Project = project;
        Port = port;
        _environment = environment;
        LogPath = Path.Combine(logDirectory, $"{name}.log");
    }

    /// <summary>The suite's name for it (<c>hub</c>, <c>chat</c>, <c>agent</c>, <c>whatsapp</c>, <c>flow</c>).</summary>
    public string Name { get; }

    /// <summary>The project folder's name, e.g. <c>VersatileHub.Chat</c>.</summary>
    public string Project { get; }

    public int Port { get; }

    public Uri Address => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}"));

    public string LogPath { get; }

    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>The project's Release build, beside the bench's own (bench.sh builds both).</summary>
    public string AssemblyPath => Path.Combine(RepositoryRoot(), Project, "bin", "Release", "net10.0", $"{Project}.dll");

    public void Start()
    {
        if (!File.Exists(AssemblyPath))
        {
            throw new InvalidOperationException($"{AssemblyPath} is missing: build in Release first (./bench.sh does).");
        }
        File.AppendAllText(LogPath, $"--- started {DateTime.UtcNow:O}{Environment.NewLine}");
        // Started directly, not through a shell: a shell drops variables whose names are not identifiers (Parameters__admin-email).
        var start = new ProcessStartInfo(DotnetHost())
        {
            ArgumentList = { AssemblyPath },
            WorkingDirectory = Path.Combine(RepositoryRoot(), Project),
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{Name} did not start.");
        _output = Task.WhenAll(
            AppendAsync(_process.StandardOutput.BaseStream, LogPath),
            AppendAsync(_process.StandardError.BaseStream, ErrorLogPath));
    }

    /// <summary>What the service writes to standard error (unhandled exceptions).</summary>
    public string ErrorLogPath => Path.ChangeExtension(LogPath, ".stderr.log");

    private static async Task AppendAsync(Stream source, string path)
    {
        await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        await source.CopyToAsync(file);
    }

    /// <summary>Waits until <c>/health</c> answers 200; throws with the log's tail when it does not in time or the process exits.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process is null or { HasExited: true })
            {
                throw new InvalidOperationException($"{Name} exited before it was healthy:{Environment.NewLine}{Tail()}");
            }
            if (await IsHealthyAsync())
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"{Name} was not healthy within {timeout}:{Environment.NewLine}{Tail()}");
    }

    public async Task<bool> IsHealthyAsync()
    {
        try
        {
            using var response = await Health.GetAsync(new Uri(Address, "/health"));
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary><c>kill -9</c>: the process ends at once, with whatever it was doing.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();   // SIGKILL on Linux
            await process.WaitForExitAsync();
        }
        await _output;
        File.AppendAllText(LogPath, $"--- killed (SIGKILL) {DateTime.UtcNow:O}{Environment.NewLine}");
    }

    /// <summary>SIGTERM, as Ctrl+C or the AppHost stops it; SIGKILL after <paramref name="patience"/>.</summary>
    public async Task StopAsync(TimeSpan patience)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }
        await Signal.TerminateAsync(process.Id);
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        await _output;
    }

    /// <summary>Resident memory (<c>VmRSS</c> of <c>/proc/&lt;pid&gt;/status</c>) in bytes; 0 when the process is not running.</summary>
    public long ResidentBytes() => ProcessId is { } pid ? Signal.ResidentBytesOf(pid) : 0;

    public string Tail(int lines = 40)
    {
        var all = new[] { LogPath, ErrorLogPath }.Where(File.Exists).SelectMany(ReadShared).ToList();
        return all.Count == 0 ? "(no output)" : string.Join(Environment.NewLine, all.Skip(Math.Max(0, all.Count - lines)));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _process?.Dispose();
    }

    /// <summary>The lines of a log the service may still be writing.</summary>
    public static IEnumerable<string> ReadShared(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(file);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>The same dotnet that runs the bench.</summary>
    private static string DotnetHost() =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";

    /// <summary>The checkout the bench was built in: the folder holding VersatileHub.sln above the bench's build output.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VersatileHub.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No VersatileHub.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>Signals and memory of processes, through the tools every Linux has.</summary>
internal static class Signal
{
    public static async Task TerminateAsync(int processId)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", processId.ToString(CultureInfo.InvariantCulture) } })!;
        await kill.WaitForExitAsync();
    }

    /// <summary><c>VmRSS</c> of the process in bytes (0 when it is gone).</summary>
    public static long ResidentBytesOf(int processId)
    {
        try
        {
            var line = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            // "VmRSS:	  123456 kB"
            return line is null ? 0 : long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
