using VersatileHub.Chat.Accounts;

namespace VersatileHub.Chat.Notifications;

public enum HandoffEmailStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>
/// The e-mail telling the account's handoff address that the bot handed a conversation over. Written when the handoff
/// happens and kept with its attempts' outcome, so a notice that cannot be sent is shown, never lost.
/// </summary>
public sealed class HandoffEmail : IAccountOwned
{
    public const int MaxErrorLength = 1000;

    /// <summary>Waits after the 1st, 2nd and 3rd failed attempt; the 4th failure is final.</summary>
    public static readonly IReadOnlyList<TimeSpan> RetryDelays = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30)];

    private HandoffEmail()
    {
    }

    public long Id { get; private set; }

    public int AccountId { get; private set; }

    /// <summary>The <c>conversation.handoff</c> event this notice is for.</summary>
    public Guid SourceEventId { get; private set; }

    public int ConversationDisplayId { get; private set; }

    public string? Recipient { get; private set; }

    public string Subject { get; private set; } = "";

    public string Body { get; private set; } = "";

    public HandoffEmailStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public static HandoffEmail Compose(Guid sourceEventId, int displayId, string? recipient, string subject, string body, DateTimeOffset now) => new()
    {
        SourceEventId = sourceEventId,
        ConversationDisplayId = displayId,
        Recipient = recipient,
        Subject = subject,
        Body = body,
        Status = HandoffEmailStatus.Pending,
        NextAttemptAt = now,
        CreatedAt = now,
    };

    public void Sent(DateTimeOffset at)
    {
        Attempts++;
        Status = HandoffEmailStatus.Sent;
        SentAt = at;
        LastError = null;
    }

    /// <summary>A failed attempt: tried again later while retries are left, failed for good after them.</summary>
    public void AttemptFailed(string error, DateTimeOffset at, double jitter)
    {
        Attempts++;
        LastError = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        if (Attempts <= RetryDelays.Count)
        {
            NextAttemptAt = at + RetryDelays[Attempts - 1] * (1 + 0.2 * jitter);
        }
        else
        {
            Status = HandoffEmailStatus.Failed;
        }
    }

    /// <summary>A notice that cannot be sent at all (no settings): failed at once, with why.</summary>
    public void CannotBeSent(string error)
    {
        Status = HandoffEmailStatus.Failed;
        LastError = error;
    }
}
