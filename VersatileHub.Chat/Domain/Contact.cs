using System.Text.Json;
using VersatileHub.Chat.Accounts;

namespace VersatileHub.Chat.Domain;

/// <summary>A person who writes to the account, reachable through one or more inboxes; linked to the Hub's customer once known.</summary>
public sealed class Contact : IAccountOwned
{
    public const int MaxNameLength = 255;
    public const int MaxEmailLength = 255;
    public const int MaxIdentifierLength = 255;

    private readonly List<ContactInbox> _inboxes = [];

    private Contact()
    {
    }

    public int Id { get; private set; }

    public int AccountId { get; private set; }

    public string Name { get; private set; } = "";

    public string? Email { get; private set; }

    public string? PhoneNumber { get; private set; }

    /// <summary>The contact's id in an external system (Chatwoot's <c>identifier</c>).</summary>
    public string? Identifier { get; private set; }

    /// <summary>The Hub customer this contact is, once found or created there.</summary>
    public int? HubCustomerId { get; private set; }

    public JsonDocument? AdditionalAttributes { get; private set; }

    public JsonDocument? CustomAttributes { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? LastActivityAt { get; private set; }

    public IReadOnlyCollection<ContactInbox> Inboxes => _inboxes;

    public static Contact Create(ContactDetails details, DateTimeOffset now)
    {
        var contact = new Contact { CreatedAt = now };
        contact.Describe(details, now);
        return contact;
    }

    /// <summary>Replaces the fields <paramref name="details"/> carries; absent (null) fields are kept.</summary>
    public void Describe(ContactDetails details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (details.Name is { } name)
        {
            var trimmed = name.Trim();
            if (trimmed.Length > MaxNameLength)
            {
                throw new InvalidFieldException("name", $"El nombre tiene hasta {MaxNameLength} caracteres. / Name is up to {MaxNameLength} characters.");
            }
            Name = trimmed;
        }
        if (details.Email is { } email)
        {
            var trimmed = email.Trim().ToLowerInvariant();
            if (trimmed.Length > MaxEmailLength || (trimmed.Length > 0 && !IsEmail(trimmed)))
            {
                throw new InvalidFieldException("email", $"'{email}' no es un e-mail válido. / '{email}' is not a valid e-mail.");
            }
            Email = trimmed.Length == 0 ? null : trimmed;
        }
        if (details.PhoneNumber is { } phone)
        {
            var trimmed = phone.Trim();
            if (trimmed.Length > 0 && !Domain.PhoneNumber.IsE164(trimmed))
            {
                throw new InvalidFieldException("phone_number",
                    $"'{phone}' no está en formato E.164 (+5491155550000). / '{phone}' is not in E.164 format (+5491155550000).");
            }
            PhoneNumber = trimmed.Length == 0 ? null : trimmed;
        }
        if (details.Identifier is { } identifier)
        {
            var trimmed = identifier.Trim();
            if (trimmed.Length > MaxIdentifierLength)
            {
                throw new InvalidFieldException("identifier", $"El identificador tiene hasta {MaxIdentifierLength} caracteres. / Identifier is up to {MaxIdentifierLength} characters.");
            }
            Identifier = trimmed.Length == 0 ? null : trimmed;
        }
        if (details.AdditionalAttributes is { } additional)
        {
            AdditionalAttributes = ObjectOrThrow(additional, "additional_attributes");
        }
        if (details.CustomAttributes is { } custom)
        {
            CustomAttributes = ObjectOrThrow(custom, "custom_attributes");
        }
        if (Name.Length == 0)
        {
            // Chatwoot names a nameless contact after what it knows of them.
            Name = PhoneNumber ?? Email ?? Identifier ?? "";
        }
        UpdatedAt = now;
    }

    /// <summary>Reachable through <paramref name="inbox"/> as <paramref name="sourceId"/> (a phone number, a widget session).</summary>
    public ContactInbox ReachThrough(Inbox inbox, string sourceId)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        if (string.IsNullOrWhiteSpace(sourceId) || sourceId.Length > ContactInbox.MaxSourceIdLength)
        {
            throw new InvalidFieldException("source_id", $"El source_id es obligatorio, de hasta {ContactInbox.MaxSourceIdLength} caracteres. / source_id is required, up to {ContactInbox.MaxSourceIdLength} characters.");
        }
        if (_inboxes.FirstOrDefault(ci => ci.InboxId == inbox.Id && ci.SourceId == sourceId) is { } known)
        {
            return known;
        }
        var contactInbox = new ContactInbox(inbox, sourceId.Trim());
        _inboxes.Add(contactInbox);
        return contactInbox;
    }

    public void LinkToCustomer(int hubCustomerId, DateTimeOffset now)
    {
        HubCustomerId = hubCustomerId;
        UpdatedAt = now;
    }

    public void WroteAt(DateTimeOffset now) => LastActivityAt = now;

    private static bool IsEmail(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == value.LastIndexOf('@') && at < value.Length - 1 && !value.Any(char.IsWhiteSpace);
    }

    private static JsonDocument ObjectOrThrow(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.Object
            ? JsonDocument.Parse(value.GetRawText())
            : throw new InvalidFieldException(field, "Debe ser un objeto JSON. / Must be a JSON object.");
}

/// <summary>What a request says about a contact; null fields say nothing.</summary>
public sealed record ContactDetails(
    string? Name = null, string? Email = null, string? PhoneNumber = null, string? Identifier = null,
    JsonElement? AdditionalAttributes = null, JsonElement? CustomAttributes = null);

/// <summary>A contact as one inbox knows them: the <see cref="SourceId"/> the channel uses (a phone number, a widget session).</summary>
public sealed class ContactInbox : IAccountOwned
{
    public const int MaxSourceIdLength = 255;

    private ContactInbox()
    {
    }

    internal ContactInbox(Inbox inbox, string sourceId)
    {
        Inbox = inbox;
        InboxId = inbox.Id;
        SourceId = sourceId;
    }

    public int Id { get; private set; }

    public int AccountId { get; private set; }

    public int ContactId { get; private set; }

    public int InboxId { get; private set; }

    public Inbox? Inbox { get; private set; }

    public string SourceId { get; private set; } = "";
}
