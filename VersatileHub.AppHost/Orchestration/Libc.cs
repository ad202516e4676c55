using System.Runtime.InteropServices;

namespace VersatileHub.AppHost.Orchestration;

internal static partial class Libc
{
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    public static bool IsRoot => GetEffectiveUserId() == 0;

    /// <returns>False when the process no longer exists.</returns>
    public static bool SendSignal(int pid, int signal) => Kill(pid, signal) == 0;
}
