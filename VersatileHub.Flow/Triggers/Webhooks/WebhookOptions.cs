using System.ComponentModel.DataAnnotations;

namespace VersatileHub.Flow.Triggers.Webhooks;

/// <summary>How webhooks answer (<c>Flow:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Flow:Webhooks";

    /// <summary>
    /// How long a webhook that answers with the workflow's output (<c>lastNode</c>, <c>responseNode</c>) waits for a run
    /// queued behind the workflow's concurrency limit; past it the caller hears 202 with the run's id, and the run goes on.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan QueuedResponseWait { get; set; } = TimeSpan.FromSeconds(10);
}
