using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Data;
using VersatileHub.Chat.Domain;
using VersatileHub.Chat.Events;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Events.Consuming;

namespace VersatileHub.Chat.Notifications;

/// <summary>
/// When the bot hands a conversation over (Chat's own <c>conversation.handoff</c> by <c>agent_bot</c>), writes the e-mail for
/// the account's handoff address, in Spanish and English, for the <see cref="HandoffMailer"/> to send. A human's reply also
/// raises a handoff, but that human is already in the conversation, so it is not mailed.
/// </summary>
internal sealed class HandoffNotice(ChatDbContext db, CurrentAccount account, TimeProvider time, IOptions<NotificationOptions> options) : IIntegrationEventHandler
{
    public async Task HandleAsync(IntegrationEvent @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var handoff = @event.DataAs<HandoffEventData>();
        if (handoff is null || handoff.By != SenderType.Bot.ToName())
        {
            return;
        }
        account.Set(@event.Tenant);
        var conversation = handoff.Conversation;
        var contact = await db.Set<Contact>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == conversation.ContactId, cancellationToken);
        var settings = await db.Set<SmtpSettings>().AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        var who = contact is null ? conversation.ContactSourceId : $"{contact.Name} ({contact.PhoneNumber ?? contact.Email ?? conversation.ContactSourceId})";
        var reason = handoff.Reason ?? "—";
        // The conversation's page in Chat's web app, where the staff signed in to this account read it.
        var link = $"{options.Value.AppUrl.TrimEnd('/')}/conversations/{conversation.DisplayId.ToString(CultureInfo.InvariantCulture)}";
        var id = conversation.DisplayId.ToString(CultureInfo.InvariantCulture);
        var subject = $"Conversación #{id}: el bot pide una persona / Conversation #{id}: the bot asks for a human";
        var body = $"""
            La conversación #{id} con {who} necesita una persona.
            Motivo: {reason}
            Abrirla: {link}

            Conversation #{id} with {who} needs a human.
            Reason: {reason}
            Open it: {link}
            """;
        var email = HandoffEmail.Compose(@event.Id, conversation.DisplayId, settings?.HandoffAddress, subject, body, time.GetUtcNow());
        if (settings is null)
        {
            email.CannotBeSent("La cuenta no tiene ajustes SMTP. / The account has no SMTP settings.");
        }
        db.Add(email);
        await db.SaveChangesAsync(cancellationToken);
    }
}
