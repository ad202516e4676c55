namespace VersatileHub.AppHost.Orchestration;

/// <summary>A program and its arguments, before it becomes a process.</summary>
internal sealed record Command(string FileName, IReadOnlyList<string> Arguments)
{
    private const string SetPriv = "/usr/bin/setpriv";
    private const string SetSid = "/usr/bin/setsid";

    /// <summary>initdb and postgres refuse to run as root; setpriv execs, so the process id stays the server's own.</summary>
    public Command AsPostgresUserWhenRoot() =>
        Libc.IsRoot ? new(SetPriv, ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", FileName, .. Arguments]) : this;

    /// <summary>Out of the terminal's session, Ctrl+C reaches only the AppHost, which stops resources in order; setsid execs (our child never leads a group).</summary>
    public Command InOwnSession() =>
        File.Exists(SetSid) ? new(SetSid, [FileName, .. Arguments]) : this;

    public override string ToString() => string.Join(' ', [FileName, .. Arguments]);
}
