using System.ComponentModel.DataAnnotations;

namespace VersatileHub.Chat.Notifications;

/// <summary>How handoff e-mails are written and sent (section <c>Notifications</c>).</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Chat's address under <c>./run.sh</c>, when it is told no other.</summary>
    public const string DefaultAppUrl = "http://127.0.0.1:5102";

    /// <summary>
    /// Where the staff open Chat; a notice links to the conversation under it. When not configured, the first address Chat
    /// listens on by name (<c>urls</c>, i.e. <c>ASPNETCORE_URLS</c>, which the AppHost sets to Chat's external endpoint).
    /// </summary>
    [Required]
    [Url]
    public string AppUrl { get; set; } = DefaultAppUrl;

    /// <summary>How long one conversation with the SMTP server may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the mailer looks for due notices.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Without a configured <see cref="AppUrl"/>, links go to Chat's own address, known without any request.</summary>
    internal static void UseOwnAddressUnlessSet(NotificationOptions options, IConfiguration configuration)
    {
        if (configuration[$"{Section}:{nameof(AppUrl)}"] is { Length: > 0 })
        {
            return;
        }
        var own = (configuration["urls"] ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(IsReachable);
        if (own is not null)
        {
            options.AppUrl = own.TrimEnd('/');
        }
    }

    /// <summary>An address a person can open: not a wildcard such as <c>http://+:8080</c> or <c>http://0.0.0.0:8080</c>.</summary>
    private static bool IsReachable(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host is not ("*" or "+" or "0.0.0.0" or "[::]");
}
