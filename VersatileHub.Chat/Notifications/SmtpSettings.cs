using MimeKit;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Domain;

namespace VersatileHub.Chat.Notifications;

/// <summary>How the connection to the SMTP server is secured.</summary>
public enum SmtpTls
{
    /// <summary>Plain text (a relay on a trusted network).</summary>
    None,

    /// <summary>Plain, then upgraded with STARTTLS (usually port 587); refused if the server cannot.</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    Tls,
}

public sealed record SmtpSettingsRequest(
    string? Host, int? Port, string? TlsMode, string? UserName, string? Password, string? FromAddress, string? HandoffAddress);

/// <summary>The settings as shown: the password never, only whether there is one.</summary>
public sealed record SmtpSettingsView(
    string? Host, int? Port, string? TlsMode, string? UserName, bool HasPassword, string? FromAddress, string? HandoffAddress);

/// <summary>
/// An account's mail server for handoff notices and the address told when the bot hands a conversation over. The password
/// is kept encrypted with Data Protection and is write-only.
/// </summary>
public sealed class SmtpSettings : IAccountOwned
{
    public const int MaxHostLength = 255;
    public const int MaxAddressLength = 320;

    private SmtpSettings()
    {
    }

    public int AccountId { get; private set; }

    public string Host { get; private set; } = "";

    public int Port { get; private set; }

    public SmtpTls TlsMode { get; private set; }

    public string? UserName { get; private set; }

    public string? ProtectedPassword { get; private set; }

    public string FromAddress { get; private set; } = "";

    public string HandoffAddress { get; private set; } = "";

    public DateTimeOffset UpdatedAt { get; private set; }

    public SmtpSettingsView View() => new(Host, Port, TlsName(TlsMode), UserName, ProtectedPassword is not null, FromAddress, HandoffAddress);

    public static SmtpSettingsView Unset => new(null, null, null, null, false, null, null);

    public static SmtpSettings New() => new();

    /// <summary>
    /// Replaces the settings. The password is write-only: null keeps the stored one, an empty string removes it, anything
    /// else replaces it (already encrypted by the caller through <paramref name="protect"/>).
    /// </summary>
    public void Replace(SmtpSettingsRequest request, Func<string, string> protect, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(protect);
        var host = request.Host?.Trim() ?? "";
        if (host.Length is 0 or > MaxHostLength || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            throw new InvalidFieldException("host", "El servidor SMTP es un nombre o una IP. / The SMTP host is a name or an IP address.");
        }
        if (request.Port is not (>= 1 and <= 65535))
        {
            throw new InvalidFieldException("port", "El puerto va de 1 a 65535. / The port is 1 to 65535.");
        }
        var tls = request.TlsMode switch
        {
            "none" => SmtpTls.None,
            "starttls" => SmtpTls.StartTls,
            "tls" => SmtpTls.Tls,
            _ => throw new InvalidFieldException("tls_mode", "tls_mode es 'none', 'starttls' o 'tls'. / tls_mode is 'none', 'starttls' or 'tls'."),
        };
        Host = host;
        Port = request.Port.Value;
        TlsMode = tls;
        UserName = string.IsNullOrWhiteSpace(request.UserName) ? null : request.UserName.Trim();
        FromAddress = Address(request.FromAddress, "from_address");
        HandoffAddress = Address(request.HandoffAddress, "handoff_address");
        if (request.Password is { } password)
        {
            ProtectedPassword = password.Length == 0 ? null : protect(password);
        }
        if (UserName is not null && ProtectedPassword is null)
        {
            throw new InvalidFieldException("password", "Con usuario hace falta la contraseña. / A user name needs a password.");
        }
        UpdatedAt = now;
    }

    private static string Address(string? value, string field)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxAddressLength || !MailboxAddress.TryParse(trimmed, out var mailbox) || !mailbox.Address.Contains('@', StringComparison.Ordinal))
        {
            throw new InvalidFieldException(field, "Debe ser una dirección de correo. / Must be an e-mail address.");
        }
        return trimmed;
    }

    private static string TlsName(SmtpTls tls) => tls switch
    {
        SmtpTls.None => "none",
        SmtpTls.StartTls => "starttls",
        _ => "tls",
    };
}
