using System.Globalization;

namespace VersatileHub.Tests.Infrastructure;

/// <summary>
/// The machine's processes as Linux's <c>/proc</c> shows them: what a run started (its descendants), what still uses a
/// folder, whether one is still alive. For the specs that run the AppHost as a process and must leave nothing behind.
/// </summary>
internal static class ProcessTable
{
    public static IReadOnlyList<int> DescendantsOf(int root)
    {
        var parents = AllProcesses().ToDictionary(pid => pid, ParentOf);
        var descendants = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var child in parents.Where(p => p.Value == parent).Select(p => p.Key))
            {
                descendants.Add(child);
                frontier.Enqueue(child);
            }
        }
        return descendants;
    }

    /// <summary>Live processes whose command line names <paramref name="path"/> (e.g. a run's data folder).</summary>
    public static IReadOnlyList<int> ProcessesUsing(string path) =>
        [.. AllProcesses().Where(pid => CommandLineOf(pid).Contains(path, StringComparison.Ordinal) && IsAlive(pid))];

    /// <summary>False once it has exited, a zombie included (only its exit status is left for a parent to collect).</summary>
    public static bool IsAlive(int pid) => StatOf(pid) is { } stat && stat[0] != "Z";

    public static string CommandLineOf(int pid) => Read($"/proc/{pid}/cmdline")?.Replace('\0', ' ') ?? "";

    /// <summary>The process's environment, as it was given at its start.</summary>
    public static IReadOnlyList<string> EnvironmentOf(int pid) => Read($"/proc/{pid}/environ")?.Split('\0') ?? [];

    private static IEnumerable<int> AllProcesses() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    private static int ParentOf(int pid) => StatOf(pid) is { } stat ? int.Parse(stat[1], CultureInfo.InvariantCulture) : 0;

    /// <summary>The fields of /proc/[pid]/stat after the command name: state, ppid, ...</summary>
    private static string[]? StatOf(int pid) => Read($"/proc/{pid}/stat") is { } stat ? stat[(stat.LastIndexOf(')') + 2)..].Split(' ') : null;

    /// <summary>A /proc file, or null when the process has gone (or is not ours to read).</summary>
    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
