using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Apis;
using VersatileHub.Chat.Data;
using VersatileHub.Chat.Domain;
using VersatileHub.Chat.Events;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Chat.Desk;

/// <summary>Chatwoot's contact create and update body.</summary>
public sealed record ContactRequest(
    int? InboxId = null, string? Name = null, string? Email = null, string? PhoneNumber = null, string? Identifier = null,
    JsonElement? AdditionalAttributes = null, JsonElement? CustomAttributes = null, string? SourceId = null)
{
    internal ContactDetails Details => new(Name, Email, PhoneNumber, Identifier, AdditionalAttributes, CustomAttributes);
}

/// <summary>The account's contacts: created by the staff or by a channel, found by name, e-mail, phone or identifier.</summary>
public sealed class ContactBook(ChatDbContext db, CurrentAccount account, EventPublisher publisher, TimeProvider time)
{
    public const int PageSize = 15;
    public const int MaxQueryLength = 200;

    private IQueryable<Contact> Contacts => db.Set<Contact>().Include(c => c.Inboxes).ThenInclude(ci => ci.Inbox);

    public async Task<PayloadView<CreatedContactView>> CreateAsync(ContactRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var inboxId = request.InboxId ?? throw new InvalidFieldException("inbox_id", "Decí en qué bandeja está el contacto. / Say which inbox the contact is in.");
        var inbox = await db.Set<Inbox>().SingleOrDefaultAsync(i => i.Id == inboxId, cancellationToken)
            ?? throw new UnknownReferenceException("inbox_id", "No existe esa bandeja. / No such inbox.");
        var now = time.GetUtcNow();
        var contact = Contact.Create(request.Details, now);
        var contactInbox = contact.ReachThrough(inbox, request.SourceId ?? SourceIdFor(inbox, contact));
        db.Add(contact);
        var events = new PendingEvents();
        events.Contact(ChatEventTypes.ContactCreated, contact);
        await SaveAsync(events, cancellationToken);
        return new(new CreatedContactView(ContactView.Of(contact), new ContactInboxView(contactInbox.SourceId, InboxView.Of(inbox))));
    }

    public async Task<ContactListView> ListAsync(int? page, CancellationToken cancellationToken) =>
        await PageAsync(db.Set<Contact>(), page, cancellationToken);

    /// <summary>Chatwoot's contact search: name, e-mail, phone number or identifier containing <paramref name="q"/>.</summary>
    public async Task<ContactListView> SearchAsync(string? q, int? page, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Length > MaxQueryLength)
        {
            throw new InvalidFieldException("q", $"Escribí qué buscar (hasta {MaxQueryLength} caracteres). / Type what to search for (up to {MaxQueryLength} characters).");
        }
        var pattern = "%" + q.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
        var matches = db.Set<Contact>().Where(c =>
            EF.Functions.ILike(ChatDbFunctions.Unaccent(c.Name), ChatDbFunctions.Unaccent(pattern), "\\")
            || EF.Functions.ILike(c.Email ?? "", pattern, "\\")
            || EF.Functions.ILike(c.PhoneNumber ?? "", pattern, "\\")
            || EF.Functions.ILike(c.Identifier ?? "", pattern, "\\"));
        return await PageAsync(matches, page, cancellationToken);
    }

    public async Task<PayloadView<ContactView>?> GetAsync(int id, CancellationToken cancellationToken) =>
        await Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is { } contact
            ? new(ContactView.Of(contact))
            : null;

    public async Task<PayloadView<ContactView>?> UpdateAsync(int id, ContactRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var contact = await Contacts.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (contact is null)
        {
            return null;
        }
        contact.Describe(request.Details, time.GetUtcNow());
        var events = new PendingEvents();
        events.Contact(ChatEventTypes.ContactUpdated, contact);
        await SaveAsync(events, cancellationToken);
        return new(ContactView.Of(contact));
    }

    /// <summary>The source id Chatwoot gives a new contact: the phone's digits on WhatsApp, a fresh id elsewhere.</summary>
    internal static string SourceIdFor(Inbox inbox, Contact contact) =>
        inbox.ChannelType == ChannelType.Whatsapp
            ? contact.PhoneNumber?.TrimStart('+') ?? throw new InvalidFieldException("phone_number",
                "Un contacto de WhatsApp necesita su teléfono. / A WhatsApp contact needs a phone number.")
            : Guid.NewGuid().ToString();

    private async Task<ContactListView> PageAsync(IQueryable<Contact> query, int? page, CancellationToken cancellationToken)
    {
        if (page is < 1)
        {
            throw new InvalidFieldException("page", "La página empieza en 1. / Pages start at 1.");
        }
        var number = page ?? 1;
        var count = await query.CountAsync(cancellationToken);
        var contacts = await query.AsNoTracking().Include(c => c.Inboxes).ThenInclude(ci => ci.Inbox)
            .OrderByDescending(c => c.LastActivityAt ?? c.CreatedAt).ThenByDescending(c => c.Id)
            .Skip((number - 1) * PageSize).Take(PageSize).AsSplitQuery().ToListAsync(cancellationToken);
        return new ContactListView(new ContactListMeta(count, number), contacts.Select(ContactView.Of).ToList());
    }

    private async Task SaveAsync(PendingEvents events, CancellationToken cancellationToken)
    {
        try
        {
            await events.SaveAsync(db, publisher, account.RequiredId, cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            throw new ConflictException(
                "Otro contacto ya tiene ese e-mail, teléfono, identificador o source_id. / Another contact already has that e-mail, phone number, identifier or source_id.",
                exception);
        }
    }
}
