using System.ComponentModel.DataAnnotations;

namespace VersatileHub.Agent;

/// <summary>The agent's limits, bound from the <c>Agent</c> section.</summary>
public sealed class AgentOptions
{
    public const string Section = "Agent";

    /// <summary>Longest wait for one model request before the fallback profile is tried.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ModelTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest wait for one tool call (a Hub or Chat request).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:02:00")]
    public TimeSpan ToolTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many of the conversation's latest messages the model sees.</summary>
    [Range(1, 200)]
    public int ContextMessages { get; set; } = 20;

    /// <summary>How long a conversation's reply lock lives unless renewed; renewed at a third of it while a reply is made.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each replica looks for conversations whose turn nobody is making (a replica died, or the turn failed) and starts it again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ResumeInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times a reply is remade because more messages arrived while it was being made.</summary>
    [Range(0, 10)]
    public int MaxFolds { get; set; } = 3;

    /// <summary>Largest product picture fetched to be sent as an attachment; larger ones go as a link.</summary>
    [Range(1_024, 16 * 1024 * 1024)]
    public int MaxImageBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>How long catalog answers stay cached (catalog events clear them sooner).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CatalogCacheDuration { get; set; } = TimeSpan.FromHours(1);
}
