using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Chat.Data;
using VersatileHub.Chat.Domain;

namespace VersatileHub.Chat.Notifications;

public sealed record HandoffEmailView(
    long Id, int ConversationId, string? Recipient, string Subject, string Status, int Attempts, string? LastError,
    DateTimeOffset? NextAttemptAt, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

public sealed record HandoffEmailList(IReadOnlyList<HandoffEmailView> Payload);

/// <summary>The account's SMTP settings and the handoff e-mails it sent, is sending or could not send.</summary>
public sealed class NotificationSettings(ChatDbContext db, IDataProtectionProvider dataProtection, TimeProvider time)
{
    public const int EmailsListed = 50;

    private readonly IDataProtector _passwords = dataProtection.CreateProtector(HandoffMailer.PasswordPurpose);

    public async Task<SmtpSettingsView> SmtpAsync(CancellationToken cancellationToken) =>
        (await db.Set<SmtpSettings>().AsNoTracking().SingleOrDefaultAsync(cancellationToken))?.View() ?? SmtpSettings.Unset;

    public async Task<SmtpSettingsView> ReplaceSmtpAsync(SmtpSettingsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = await db.Set<SmtpSettings>().SingleOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            settings = SmtpSettings.New();
            db.Add(settings);
        }
        settings.Replace(request, _passwords.Protect, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return settings.View();
    }

    /// <summary>The latest handoff e-mails, newest first; <paramref name="status"/> narrows to pending, sent or failed.</summary>
    public async Task<HandoffEmailList> EmailsAsync(string? status, CancellationToken cancellationToken)
    {
        var query = db.Set<HandoffEmail>().AsNoTracking();
        if (status is not null)
        {
            var wanted = status switch
            {
                "pending" => HandoffEmailStatus.Pending,
                "sent" => HandoffEmailStatus.Sent,
                "failed" => HandoffEmailStatus.Failed,
                _ => throw new InvalidFieldException("status", "status es 'pending', 'sent' o 'failed'. / status is 'pending', 'sent' or 'failed'."),
            };
            query = query.Where(e => e.Status == wanted);
        }
        var emails = await query.OrderByDescending(e => e.Id).Take(EmailsListed).ToListAsync(cancellationToken);
        return new(emails.Select(e => new HandoffEmailView(
            e.Id, e.ConversationDisplayId, e.Recipient, e.Subject, e.Status.ToString().ToLowerInvariant(), e.Attempts, e.LastError,
            e.Status == HandoffEmailStatus.Pending ? e.NextAttemptAt : null, e.CreatedAt, e.SentAt)).ToList());
    }
}
