using VersatileHub.Chat.Accounts;

namespace VersatileHub.Chat.Webhooks;

public enum WebhookDeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>
/// One event on its way to one subscription: the body is fixed when the event happens (so every attempt signs and sends
/// the same bytes), and its attempts are kept for the delivery log.
/// </summary>
public sealed class WebhookDelivery : IAccountOwned
{
    public const int MaxErrorLength = 1000;

    private readonly List<WebhookAttempt> _attempts = [];

    private WebhookDelivery()
    {
    }

    /// <summary>Sent as <c>X-Chatwoot-Delivery</c>: the same on every attempt, so receivers can drop a repeat.</summary>
    public Guid Id { get; private set; }

    public int AccountId { get; private set; }

    public int SubscriptionId { get; private set; }

    public string Event { get; private set; } = "";

    /// <summary>The Chat event this delivery comes from (a subscription gets each event once).</summary>
    public Guid SourceEventId { get; private set; }

    public string Body { get; private set; } = "";

    public WebhookDeliveryStatus Status { get; private set; }

    public int AttemptCount { get; private set; }

    /// <summary>When the next attempt is due; while an attempt runs, when its claim lapses.</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public IReadOnlyList<WebhookAttempt> Attempts => _attempts;

    public static WebhookDelivery For(WebhookSubscription subscription, string webhookEvent, Guid sourceEventId, string body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return new()
        {
            Id = Guid.CreateVersion7(now),
            SubscriptionId = subscription.Id,
            Event = webhookEvent,
            SourceEventId = sourceEventId,
            Body = body,
            Status = WebhookDeliveryStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
        };
    }

    /// <summary>Records an attempt; a failure is retried on <paramref name="schedule"/> until it runs out, then the delivery fails.</summary>
    public void Attempted(DateTimeOffset at, int? statusCode, string? error, TimeSpan duration, RetrySchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        AttemptCount++;
        var succeeded = error is null && statusCode is >= 200 and < 300;
        _attempts.Add(new WebhookAttempt(Id, AttemptCount, at, statusCode,
            error is { Length: > MaxErrorLength } ? error[..MaxErrorLength] : error, (int)duration.TotalMilliseconds));
        if (succeeded)
        {
            Status = WebhookDeliveryStatus.Delivered;
            CompletedAt = at;
        }
        else if (schedule.DelayAfter(AttemptCount) is { } delay)
        {
            NextAttemptAt = at + delay;
        }
        else
        {
            Status = WebhookDeliveryStatus.Failed;
            CompletedAt = at;
        }
    }
}

/// <summary>One try at posting a delivery: what the receiver answered (or why nothing was answered) and how long it took.</summary>
public sealed class WebhookAttempt
{
    private WebhookAttempt()
    {
    }

    public WebhookAttempt(Guid deliveryId, int number, DateTimeOffset at, int? statusCode, string? error, int durationMs)
    {
        DeliveryId = deliveryId;
        Number = number;
        At = at;
        StatusCode = statusCode;
        Error = error;
        DurationMs = durationMs;
    }

    public Guid DeliveryId { get; private set; }

    public int Number { get; private set; }

    public DateTimeOffset At { get; private set; }

    public int? StatusCode { get; private set; }

    public string? Error { get; private set; }

    public int DurationMs { get; private set; }
}

/// <summary>
/// Exponential backoff with jitter: after attempt n, wait <c>Delays[n-1]</c> plus up to a fifth more, so a receiver that
/// comes back is not hit by every retry at once. Together the delays cover more than an hour.
/// </summary>
public sealed class RetrySchedule(IReadOnlyList<TimeSpan> delays, Func<double> random)
{
    public const double MaxJitter = 0.2;

    public static readonly IReadOnlyList<TimeSpan> WebhookDelays =
    [
        TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2),
        TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1),
    ];

    public IReadOnlyList<TimeSpan> Delays { get; } = delays;

    /// <summary>The wait after attempt <paramref name="attempt"/> (1-based), or null when no attempt is left.</summary>
    public TimeSpan? DelayAfter(int attempt) =>
        attempt >= 1 && attempt <= Delays.Count ? Delays[attempt - 1] * (1 + MaxJitter * random()) : null;
}
