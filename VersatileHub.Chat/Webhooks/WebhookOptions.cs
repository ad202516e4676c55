using System.ComponentModel.DataAnnotations;

namespace VersatileHub.Chat.Webhooks;

/// <summary>How outgoing webhooks are sent (section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>How long a receiver has to answer one attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the dispatcher looks for due deliveries.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries one dispatcher claims at a time.</summary>
    [Range(1, 500)]
    public int BatchSize { get; set; } = 50;

    /// <summary>Deliveries one dispatcher sends at once.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 8;
}
