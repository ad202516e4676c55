using System.ComponentModel.DataAnnotations;

namespace VersatileHub.Flow.Expressions;

/// <summary>
/// What one script may spend (<c>Flow:Scripts</c>): Code nodes get these limits per execution, expressions a tenth of the
/// time and statements each. A script over a limit fails its node; the process and other runs carry on.
/// </summary>
public sealed class ScriptLimits
{
    public const string Section = "Flow:Scripts";

    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    [Range(1_000, 100_000_000)]
    public int MaxStatements { get; set; } = 1_000_000;

    /// <summary>Bytes a script may allocate (Jint counts the executing thread's allocations).</summary>
    [Range(1_048_576, 1_073_741_824)]
    public long MemoryBytes { get; set; } = 64 * 1_048_576;

    [Range(16, 10_000)]
    public int RecursionDepth { get; set; } = 256;

    /// <summary>The limits expressions run under: short, since an expression computes one value.</summary>
    public ScriptLimits ForExpressions() => new()
    {
        Timeout = Timeout / 10,
        MaxStatements = Math.Max(1_000, MaxStatements / 10),
        MemoryBytes = MemoryBytes,
        RecursionDepth = RecursionDepth,
    };
}
