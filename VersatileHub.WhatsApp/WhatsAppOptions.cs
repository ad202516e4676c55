using System.ComponentModel.DataAnnotations;

namespace VersatileHub.WhatsApp;

/// <summary>The gateway's settings, bound from the <c>WhatsApp</c> section; per-inbox credentials come from Chat instead.</summary>
public sealed class WhatsAppOptions
{
    public const string Section = "WhatsApp";

    /// <summary>YCloud's API root; its send route is <c>{root}/v2/whatsapp/messages</c>.</summary>
    [Required, Url]
    public string YCloudBaseUrl { get; set; } = "https://api.ycloud.com";

    /// <summary>Meta's Graph API root with its version; its send route is <c>{root}/{phone-number-id}/messages</c>.</summary>
    [Required, Url]
    public string MetaBaseUrl { get; set; } = "https://graph.facebook.com/v21.0";

    /// <summary>The largest webhook body accepted (413 beyond).</summary>
    [Range(1_024, 16 * 1024 * 1024)]
    public int MaxWebhookBytes { get; set; } = 1024 * 1024;

    /// <summary>YCloud signatures older than this are refused (replays).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>How long a provider message id is remembered to drop the provider's redeliveries.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "30.00:00:00")]
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How long an inbox's settings read from Chat are used before they are read again (a changed secret applies after this).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan SettingsCacheDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The buffer window of an inbox whose settings name none (<c>buffer_seconds</c> in its provider config).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan BufferWindow { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>However many messages keep arriving, a contact's turn goes to Chat at most this long after its first message.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxBufferWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the inbound worker looks for closed buffers and stale queue entries.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:05")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a queue entry or a buffer being flushed may stay with a worker before another replica takes it over.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Failed handlings of one incoming message or status (Chat answering an error for it, or no answer in time) after which
    /// it is parked with its last error instead of being tried again; Chat out of reach (no connection, 502, 503, 504, 429)
    /// does not count, so an outage parks nothing.
    /// </summary>
    [Range(1, 100)]
    public int MaxInboundAttempts { get; set; } = 10;

    /// <summary>The wait before a contact's turn that failed is tried again, doubled at each failure up to <see cref="InboundRetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan InboundRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan InboundRetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Contacts' turns (and status reports) handed to Chat at the same time by one replica; a slow one holds only its own slot.</summary>
    [Range(1, 256)]
    public int InboundConcurrency { get; set; } = 8;

    /// <summary>One call of the inbound worker to Chat's channel API; the worker retries with its own backoff, never inside a call.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ChatTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts to send one message before it is reported failed.</summary>
    [Range(1, 20)]
    public int SendAttempts { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts, a provider's <c>Retry-After</c> included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>One attempt's time limit.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a send may go without a sign of life before another replica takes it for an interrupted one; an
    /// interrupted send is reported failed, never sent again, because the provider may already have it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:30:00")]
    public TimeSpan SendLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Messages per second a YCloud sending number may send.</summary>
    [Range(1, 10_000)]
    public int YCloudMessagesPerSecond { get; set; } = 60;

    /// <summary>Messages per second a Meta sending number may send.</summary>
    [Range(1, 10_000)]
    public int MetaMessagesPerSecond { get; set; } = 80;

    /// <summary>WhatsApp's customer-service window: free-form messages only this long after the contact's last message.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan CustomerServiceWindow { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>
/// An OpenAI-compatible speech-to-text endpoint (section <c>WhatsApp:Transcription</c>), and the media limits; without
/// <see cref="BaseUrl"/>, voice notes arrive untranscribed.
/// </summary>
public sealed class TranscriptionOptions
{
    public const string Section = "WhatsApp:Transcription";

    /// <summary>The root that <c>/v1/audio/transcriptions</c> is under, e.g. <c>https://api.openai.com</c>.</summary>
    [Url]
    public string? BaseUrl { get; set; }

    public string? ApiKey { get; set; }

    [Required]
    public string Model { get; set; } = "whisper-1";

    /// <summary>ISO-639-1 hint, e.g. <c>es</c>.</summary>
    public string? Language { get; set; }

    /// <summary>The endpoint's file limit (OpenAI's: 25 MB); larger audio arrives untranscribed.</summary>
    [Range(1, 100 * 1024 * 1024)]
    public long MaxAudioBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>The largest media file downloaded from the provider and passed on to Chat.</summary>
    [Range(1, 100 * 1024 * 1024)]
    public long MaxMediaBytes { get; set; } = 16L * 1024 * 1024;
}
