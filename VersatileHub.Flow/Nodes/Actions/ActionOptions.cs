using System.ComponentModel.DataAnnotations;

namespace VersatileHub.Flow.Nodes.Actions;

/// <summary>Bounds of Flow's actions (<c>Flow:Actions</c>).</summary>
internal sealed class ActionOptions
{
    public const string Section = "Flow:Actions";

    /// <summary>An HTTP request node's timeout when its <c>options.timeout</c> does not say.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest timeout a node may ask for: a worker's lease must outlast it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxHttpTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A response larger than this fails the node instead of filling the run's history.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>A call to the Hub, Chat or the Agent from an action node (the Agent's answer may take a model's time).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SuiteTimeout { get; set; } = TimeSpan.FromSeconds(100);
}
