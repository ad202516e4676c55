using System.ComponentModel.DataAnnotations;

namespace VersatileHub.Chat.Notifications;

/// <summary>How handoff e-mails are written and sent (section <c>Notifications</c>).</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Where the staff open Chat; a notice links to the conversation under it.</summary>
    [Required]
    [Url]
    public string AppUrl { get; set; } = "http://127.0.0.1:5102";

    /// <summary>How long one conversation with the SMTP server may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the mailer looks for due notices.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
