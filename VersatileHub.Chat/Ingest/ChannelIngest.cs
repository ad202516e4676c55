using Microsoft.EntityFrameworkCore;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Attachments;
using VersatileHub.Chat.Data;
using VersatileHub.Chat.Desk;
using VersatileHub.Chat.Domain;
using VersatileHub.Chat.Events;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Chat.Ingest;

public sealed record IncomingContact(string? SourceId, string? Name = null, string? PhoneNumber = null);

public sealed record IncomingAttachment(string? FileName, string? MimeType, string? Data);

/// <summary>A message a gateway received from the provider: who wrote (<see cref="Contact"/>), and the provider's id for it.</summary>
public sealed record IncomingMessage(
    IncomingContact? Contact, string? SourceId, string? Content, string? ContentType = null, IReadOnlyList<IncomingAttachment>? Attachments = null);

/// <summary>What ingest answers, alike the first time and every time the same provider id comes again.</summary>
public sealed record IngestedMessage(long Id, int ConversationId, int ContactId, int InboxId, string SourceId);

/// <param name="MessageId">Chat's id of an outgoing message, on the first report after sending it: it takes the provider's id.</param>
public sealed record DeliveryReport(string? Status, string? Error, long? MessageId = null);

public sealed record DeliveryView(long Id, string SourceId, string Status, string? Error);

/// <summary>
/// Takes in what the channel gateways receive. Chatwoot's rule for where an incoming message goes: the contact's latest
/// conversation in the inbox unless it is resolved (a resolved conversation stays closed; a new one starts), a snoozed
/// conversation reopens. The provider's message id makes ingest idempotent: the same id again answers the same message.
/// </summary>
public sealed class ChannelIngest(
    ChatDbContext db, CurrentAccount account, EventPublisher publisher, TimeProvider time, AttachmentIntake attachments,
    DisplayIds displayIds)
{
    private const int Attempts = 3;

    public async Task<IngestedMessage?> ReceiveAsync(int inboxId, IncomingMessage incoming, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        var sourceId = incoming.SourceId?.Trim();
        if (string.IsNullOrEmpty(sourceId) || sourceId.Length > Message.MaxSourceIdLength)
        {
            throw new InvalidFieldException("source_id", $"El id del mensaje en el proveedor es obligatorio, de hasta {Message.MaxSourceIdLength} caracteres. / The provider's message id is required, up to {Message.MaxSourceIdLength} characters.");
        }
        var contactSource = incoming.Contact?.SourceId?.Trim();
        if (string.IsNullOrEmpty(contactSource))
        {
            throw new InvalidFieldException("contact.source_id", "El source_id del contacto es obligatorio. / The contact's source_id is required.");
        }
        if (incoming.Contact!.PhoneNumber is { Length: > 0 } phone && !PhoneNumber.IsE164(phone.Trim()))
        {
            throw new InvalidFieldException("contact.phone_number", $"'{phone}' no está en formato E.164 (+5491155550000). / '{phone}' is not in E.164 format (+5491155550000).");
        }
        var contentType = MessageNames.ParseContentType(incoming.ContentType, "content_type");
        var files = Decode(incoming.Attachments ?? []);
        attachments.Check(files, "attachments");
        // A failed save rolls the whole ingest back and starts it again, so a savepoint around each save buys nothing.
        db.Database.AutoSavepointsEnabled = false;

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ReceiveOnceAsync(inboxId, incoming, sourceId, contactSource, contentType, files, cancellationToken);
            }
            catch (DbUpdateException exception) when (attempt < Attempts
                && (exception.IsUniqueViolation() || exception is DbUpdateConcurrencyException))
            {
                // A concurrent ingest stored the same message, contact or conversation first, or moved the conversation:
                // look again and find it.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The provider says how far an outgoing message got.</summary>
    public async Task<DeliveryView?> ReportAsync(int inboxId, string sourceId, DeliveryReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var status = MessageNames.ParseStatus(report.Status, "status");
        var message = await db.Set<Message>().Include(m => m.Attachments)
            .SingleOrDefaultAsync(m => m.InboxId == inboxId && m.SourceId == sourceId, cancellationToken);
        var now = time.GetUtcNow();
        if (message is null && report.MessageId is { } messageId)
        {
            message = await db.Set<Message>().Include(m => m.Attachments)
                .SingleOrDefaultAsync(m => m.InboxId == inboxId && m.Id == messageId, cancellationToken);
            message?.SentAs(sourceId, now);
        }
        if (message is null)
        {
            return null;
        }
        var identified = db.Entry(message).Property(m => m.SourceId).IsModified;
        if (message.ReportDelivery(status, report.Error, now) || identified)
        {
            var conversation = await db.Set<Conversation>().Include(c => c.Inbox).Include(c => c.ContactInbox)
                .SingleAsync(c => c.Id == message.ConversationId, cancellationToken);
            var events = new PendingEvents();
            events.Message(ChatEventTypes.MessageUpdated, message, conversation);
            try
            {
                await events.SaveAsync(db, publisher, account.RequiredId, cancellationToken);
            }
            catch (DbUpdateException exception) when (exception.IsUniqueViolation())
            {
                throw new ConflictException("Otro mensaje de la bandeja ya tiene ese id del proveedor. / Another message of the inbox already has that provider id.", exception);
            }
        }
        return new DeliveryView(message.Id, message.SourceId!, message.Status.ToName(), message.ExternalError);
    }

    private async Task<IngestedMessage?> ReceiveOnceAsync(
        int inboxId, IncomingMessage incoming, string sourceId, string contactSource, MessageContentType contentType,
        IReadOnlyList<IncomingFile> files, CancellationToken cancellationToken)
    {
        // The inbox, and the answer already given if the provider sends this message again, in one round trip.
        if (await InboxAndAnswerOf(db, inboxId, sourceId, cancellationToken) is not { } found)
        {
            return null;
        }
        if (found.Known is { } known)
        {
            return known;
        }
        var inbox = found.Inbox;

        var now = time.GetUtcNow();
        var events = new PendingEvents();
        await displayIds.PrepareAsync(db, account.RequiredId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // The contact and its way in together; the conversation's inbox and contact inbox are then already tracked.
        var reached = await ContactThrough(db, inboxId, contactSource, cancellationToken);
        Contact contact;
        ContactInbox contactInbox;
        if (reached is null)
        {
            var phone = incoming.Contact!.PhoneNumber?.Trim();
            var samePhone = string.IsNullOrEmpty(phone) ? null
                : await db.Set<Contact>().Include(c => c.Inboxes).SingleOrDefaultAsync(c => c.PhoneNumber == phone, cancellationToken);
            if (samePhone is null)
            {
                contact = Contact.Create(new ContactDetails(incoming.Contact.Name ?? "", PhoneNumber: phone), now);
                db.Add(contact);
                events.Contact(ChatEventTypes.ContactCreated, contact);
            }
            else
            {
                contact = samePhone;
            }
            // Stored before a display id is taken: a concurrent first message of the same contact loses on the contact
            // inbox's unique key here, without spending a number, and its retry finds what the winner stored.
            contactInbox = contact.ReachThrough(inbox, contactSource);
            await db.SaveChangesAsync(cancellationToken);
        }
        else
        {
            (contactInbox, contact) = (reached.ContactInbox, reached.Contact);
        }
        contact.WroteAt(now);

        // A contact inbox made just now has no conversation to look for.
        var conversation = reached is null ? null : await LatestUnresolved(db, contactInbox.Id, cancellationToken);
        if (conversation is null)
        {
            conversation = Conversation.Start(contactInbox, contact, await displayIds.NextAsync(db, account.RequiredId, cancellationToken), ConversationStatus.Open, now);
            db.Add(conversation);
            events.Conversation(ChatEventTypes.ConversationCreated, conversation);
        }
        var previous = conversation.Status;
        if (conversation.ReceiveFromContact(now))
        {
            events.StatusChanged(conversation, previous);
        }

        var message = Message.Write(conversation, MessageType.Incoming, incoming.Content, contentType, false, Sender.OfContact(contact), sourceId, null, now);
        foreach (var file in await attachments.StoreAsync(account.RequiredId, files, cancellationToken))
        {
            message.Attach(file);
        }
        message.EnsureHasSomething();
        db.Add(message);
        events.Message(ChatEventTypes.MessageCreated, message, conversation);
        await events.SaveAsync(db, publisher, account.RequiredId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new IngestedMessage(message.Id, conversation.DisplayId, contact.Id, inbox.Id, sourceId);
    }

    // The hot path's queries, compiled once (the account filter still applies: it reads the context passed in).
    private static readonly Func<ChatDbContext, int, string, CancellationToken, Task<InboxAndAnswer?>> InboxAndAnswerOf =
        EF.CompileAsyncQuery((ChatDbContext db, int inboxId, string sourceId, CancellationToken _) =>
            db.Set<Inbox>().Where(i => i.Id == inboxId)
                .Select(i => new InboxAndAnswer(i, db.Set<Message>()
                    .Where(m => m.InboxId == inboxId && m.SourceId == sourceId)
                    .Select(m => new IngestedMessage(m.Id, m.Conversation!.DisplayId, m.Conversation.ContactId, m.InboxId, m.SourceId!))
                    .FirstOrDefault()))
                .SingleOrDefault());

    private static readonly Func<ChatDbContext, int, string, CancellationToken, Task<Reached?>> ContactThrough =
        EF.CompileAsyncQuery((ChatDbContext db, int inboxId, string contactSource, CancellationToken _) =>
            db.Set<ContactInbox>().Where(ci => ci.InboxId == inboxId && ci.SourceId == contactSource)
                .Join(db.Set<Contact>(), ci => ci.ContactId, c => c.Id, (ci, c) => new Reached(ci, c))
                .SingleOrDefault());

    private static readonly Func<ChatDbContext, int, CancellationToken, Task<Conversation?>> LatestUnresolved =
        EF.CompileAsyncQuery((ChatDbContext db, int contactInboxId, CancellationToken _) =>
            db.Set<Conversation>().Where(c => c.ContactInboxId == contactInboxId && c.Status != ConversationStatus.Resolved)
                .OrderByDescending(c => c.Id).FirstOrDefault());

    private sealed record InboxAndAnswer(Inbox Inbox, IngestedMessage? Known);

    private sealed record Reached(ContactInbox ContactInbox, Contact Contact);

    private static List<IncomingFile> Decode(IReadOnlyList<IncomingAttachment> attachments)
    {
        var files = new List<IncomingFile>();
        for (var i = 0; i < attachments.Count; i++)
        {
            var attachment = attachments[i];
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(attachment.Data ?? "");
            }
            catch (FormatException)
            {
                throw new InvalidFieldException($"attachments[{i}].data", "El archivo va en base64. / The file goes in base64.");
            }
            if (string.IsNullOrWhiteSpace(attachment.MimeType) || !attachment.MimeType.Contains('/', StringComparison.Ordinal))
            {
                throw new InvalidFieldException($"attachments[{i}].mime_type", "Decí el tipo MIME del archivo. / Say the file's MIME type.");
            }
            files.Add(new IncomingFile(attachment.FileName ?? "file", attachment.MimeType, bytes.Length, () => new MemoryStream(bytes, writable: false)));
        }
        return files;
    }
}
