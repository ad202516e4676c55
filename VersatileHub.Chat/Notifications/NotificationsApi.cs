using Microsoft.AspNetCore.Http.HttpResults;
using VersatileHub.Chat.Accounts;

namespace VersatileHub.Chat.Notifications;

internal static class NotificationsApi
{
    /// <summary>The account's SMTP settings (admins) and the log of handoff e-mails.</summary>
    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder account)
    {
        account.MapGet("/smtp_settings", GetSmtpSettings).RequireAuthorization(ChatPolicies.Administer);
        account.MapPut("/smtp_settings", ReplaceSmtpSettings).RequireAuthorization(ChatPolicies.Administer);
        account.MapGet("/handoff_emails", ListHandoffEmails).RequireAuthorization(ChatPolicies.Administer);
        return account;
    }

    public static async Task<Ok<SmtpSettingsView>> GetSmtpSettings(NotificationSettings settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await settings.SmtpAsync(cancellationToken));

    public static async Task<Ok<SmtpSettingsView>> ReplaceSmtpSettings(
        SmtpSettingsRequest request, NotificationSettings settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await settings.ReplaceSmtpAsync(request, cancellationToken));

    public static async Task<Ok<HandoffEmailList>> ListHandoffEmails(string? status, NotificationSettings settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await settings.EmailsAsync(status, cancellationToken));
}
