using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Data;

namespace VersatileHub.Chat.Notifications;

/// <summary>
/// Sends due handoff e-mails through each account's SMTP server with MailKit, recording every outcome on the notice.
/// Notices are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so replicas never send one twice at once.
/// </summary>
internal sealed partial class HandoffMailer(
    IServiceScopeFactory scopes, IDataProtectionProvider dataProtection, TimeProvider time, IOptions<NotificationOptions> options,
    ILogger<HandoffMailer> logger) : BackgroundService
{
    public const string PasswordPurpose = "VersatileHub.Chat.SmtpPasswords.v1";

    private readonly IDataProtector _passwords = dataProtection.CreateProtector(PasswordPurpose);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                while (await SendDueAsync(stoppingToken) > 0)
                {
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogMailerFailed(ex);
            }
        }
    }

    /// <summary>Claims and sends the notices due now; returns how many it claimed.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        List<long> claimed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
            var now = time.GetUtcNow();
            var claimUntil = now + options.Value.Timeout + TimeSpan.FromMinutes(1);
            var pending = nameof(HandoffEmailStatus.Pending);
            claimed = await db.Database.SqlQuery<long>($"""
                UPDATE handoff_emails SET next_attempt_at = {claimUntil}
                WHERE id IN (
                    SELECT id FROM handoff_emails WHERE status = {pending} AND next_attempt_at <= {now}
                    ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED)
                RETURNING id AS "Value"
                """).ToListAsync(cancellationToken);
        }
        foreach (var id in claimed)
        {
            await SendAsync(id, cancellationToken);
        }
        return claimed.Count;
    }

    private async Task SendAsync(long id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        var email = await db.Set<HandoffEmail>().IgnoreQueryFilters().SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (email is null)
        {
            return;
        }
        scope.ServiceProvider.GetRequiredService<CurrentAccount>().Set(email.AccountId);
        var settings = await db.Set<SmtpSettings>().AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        try
        {
            if (settings is null || email.Recipient is null)
            {
                throw new InvalidOperationException("La cuenta no tiene ajustes SMTP. / The account has no SMTP settings.");
            }
            await DeliverAsync(settings, email, cancellationToken);
            email.Sent(time.GetUtcNow());
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var error = ex is SmtpCommandException refused ? $"SMTP {(int)refused.StatusCode}: {refused.Message}" : $"{ex.GetType().Name}: {ex.Message}";
            email.AttemptFailed(error, time.GetUtcNow(), Random.Shared.NextDouble());
            LogSendFailed(email.Id, email.AccountId, email.Attempts, error);
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task DeliverAsync(SmtpSettings settings, HandoffEmail email, CancellationToken cancellationToken)
    {
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.FromAddress));
        message.To.Add(MailboxAddress.Parse(email.Recipient!));
        message.Subject = email.Subject;
        message.Body = new TextPart("plain") { Text = email.Body };

        using var client = new SmtpClient { Timeout = (int)options.Value.Timeout.TotalMilliseconds };
        var security = settings.TlsMode switch
        {
            SmtpTls.None => SecureSocketOptions.None,
            SmtpTls.StartTls => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.SslOnConnect,
        };
        await client.ConnectAsync(settings.Host, settings.Port, security, cancellationToken);
        if (settings.UserName is not null && settings.ProtectedPassword is not null)
        {
            await client.AuthenticateAsync(settings.UserName, _passwords.Unprotect(settings.ProtectedPassword), cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Handoff mailer failed")]
    private partial void LogMailerFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handoff e-mail {EmailId} of account {AccountId} failed (attempt {Attempts}): {Error}")]
    private partial void LogSendFailed(long emailId, int accountId, int attempts, string error);
}
