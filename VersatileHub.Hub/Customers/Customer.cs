using VersatileHub.Hub.Api;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Customers;

/// <summary>A person or business the tenant sells to; reachable by phone, unique per tenant by each of its phones.</summary>
public sealed class Customer : ITenantOwned
{
    public const int MaxNameLength = 200;
    public const int MaxTaxIdLength = 32;
    public const int MaxNotesLength = 4000;
    public const int MaxTagLength = 50;

    private readonly List<CustomerPhone> _phones = [];

    private Customer()
    {
    }

    public int Id { get; private set; }

    public int TenantId { get; private set; }

    public string Name { get; private set; } = "";

    public IReadOnlyCollection<CustomerPhone> Phones => _phones;

    public List<string> Emails { get; private set; } = [];

    public string? TaxId { get; private set; }

    public List<string> Tags { get; private set; } = [];

    public string? Notes { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>PostgreSQL's xmin: an edit based on an older version is refused.</summary>
    public uint Version { get; private set; }

    public static Customer Create(string name, DateTimeOffset now)
    {
        var customer = new Customer { CreatedAt = now };
        customer.Rename(name, now);
        return customer;
    }

    public void Rename(string name, DateTimeOffset now)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxNameLength)
        {
            throw new InvalidFieldException("name", new UserText($"El nombre es obligatorio y de hasta {MaxNameLength} caracteres.", $"Name is required, up to {MaxNameLength} characters."));
        }
        Name = trimmed;
        UpdatedAt = now;
    }

    public void AddPhone(PhoneNumber phone)
    {
        ArgumentNullException.ThrowIfNull(phone);
        if (_phones.Any(p => p.E164 == phone.E164))
        {
            return;
        }
        _phones.Add(new CustomerPhone(phone.E164));
    }

    /// <summary>Keeps the phones still listed, removes the others and adds the new ones.</summary>
    public void ReplacePhones(IReadOnlyCollection<PhoneNumber> phones, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(phones);
        _phones.RemoveAll(p => phones.All(n => n.E164 != p.E164));
        foreach (var phone in phones)
        {
            AddPhone(phone);
        }
        UpdatedAt = now;
    }

    public void ReplaceEmails(IReadOnlyCollection<EmailAddress> emails, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(emails);
        Emails = emails.Select(e => e.Value).Distinct().ToList();
        UpdatedAt = now;
    }

    public void Describe(string? taxId, IReadOnlyCollection<string>? tags, string? notes, DateTimeOffset now)
    {
        taxId = string.IsNullOrWhiteSpace(taxId) ? null : taxId.Trim();
        if (taxId?.Length > MaxTaxIdLength)
        {
            throw new InvalidFieldException("taxId", new UserText($"El CUIT/ID fiscal tiene hasta {MaxTaxIdLength} caracteres.", $"Tax id is up to {MaxTaxIdLength} characters."));
        }
        notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
        if (notes?.Length > MaxNotesLength)
        {
            throw new InvalidFieldException("notes", new UserText($"Las notas tienen hasta {MaxNotesLength} caracteres.", $"Notes are up to {MaxNotesLength} characters."));
        }
        var cleanTags = new List<string>();
        foreach (var (tag, index) in (tags ?? []).Select((t, i) => (t?.Trim() ?? "", i)))
        {
            if (tag.Length is 0 or > MaxTagLength)
            {
                throw new InvalidFieldException($"tags[{index}]", new UserText($"Cada etiqueta tiene de 1 a {MaxTagLength} caracteres.", $"Each tag is 1 to {MaxTagLength} characters."));
            }
            if (!cleanTags.Contains(tag, StringComparer.OrdinalIgnoreCase))
            {
                cleanTags.Add(tag);
            }
        }
        TaxId = taxId;
        Notes = notes;
        Tags = cleanTags;
        UpdatedAt = now;
    }
}

/// <summary>One of a customer's phones; its own row so that a phone belongs to one customer per tenant.</summary>
public sealed class CustomerPhone : ITenantOwned
{
    internal CustomerPhone(string e164) => E164 = e164;

    public int Id { get; private set; }

    public int TenantId { get; private set; }

    public int CustomerId { get; private set; }

    public string E164 { get; private set; }
}
