using System.ComponentModel.DataAnnotations;

namespace VersatileHub.ServiceDefaults.Events;

/// <summary>Settings of a service's event bus, bound from the <c>EventBus</c> configuration section.</summary>
public sealed class EventBusOptions
{
    public const string SectionName = "EventBus";

    /// <summary>The service's name: the <c>source</c> of what it publishes and its consumer group.</summary>
    [Required, RegularExpression("^[a-z][a-z0-9-]*$")]
    public string Service { get; set; } = "";

    /// <summary>Prefix of every Redis key the bus uses; tests give each class its own key space.</summary>
    [Required]
    public string KeyPrefix { get; set; } = "vh:";

    /// <summary>Producing services whose streams this service consumes.</summary>
    public List<string> Subscriptions { get; set; } = [];

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>Events handled at once; events with the same subject are always handled one after another, in order.</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>How long a delivered event may stay unacknowledged before another consumer claims it (a crashed or failed handling).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Failed handlings after which an event is parked with its last error instead of being retried again.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// Longest wait for new entries when the stream is idle. The relay's pub/sub signal usually ends the wait at once,
    /// but its delivery can lag on a busy machine, so this bounds the delay an event can see.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Approximate number of entries each stream keeps.</summary>
    [Range(1_000, 100_000_000)]
    public int MaxStreamLength { get; set; } = 1_000_000;

    /// <summary>How long processed-event ids are remembered: the longest a redelivered duplicate can arrive late.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}
