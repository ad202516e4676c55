using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Data;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Customers;

public sealed record CustomerInput(
    string Name,
    IReadOnlyList<string>? Phones = null,
    IReadOnlyList<string>? Emails = null,
    string? TaxId = null,
    IReadOnlyList<string>? Tags = null,
    string? Notes = null);

public sealed record CustomerView(
    int Id, string Name, IReadOnlyList<string> Phones, IReadOnlyList<string> Emails, string? TaxId,
    IReadOnlyList<string> Tags, string? Notes, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, uint Version)
{
    internal static CustomerView Of(Customer c) => new(
        c.Id, c.Name, c.Phones.Select(p => p.E164).Order(StringComparer.Ordinal).ToList(), c.Emails, c.TaxId, c.Tags, c.Notes,
        c.CreatedAt, c.UpdatedAt, c.Version);
}

/// <summary>The tenant's customers: kept unique by phone, found by name, phone or e-mail.</summary>
public sealed class CustomerDirectory(
    HubDbContext db, CurrentTenant tenant, EventPublisher publisher, TimeProvider time, IOptions<CustomerOptions> options)
{
    private string Region => options.Value.DefaultPhoneRegion;

    /// <summary>Customers whose name contains <paramref name="search"/> (ignoring accents and case), or with that phone or e-mail.</summary>
    public async Task<Page<CustomerView>> ListAsync(string? search, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var request = PageRequest.Of(page, pageSize);
        var query = db.Set<Customer>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            var phone = PhoneNumber.TryParse(term, Region, out var parsed) ? parsed.E164 : null;
            var email = term.Contains('@', StringComparison.Ordinal) ? term.ToLowerInvariant() : null;
            var pattern = "%" + term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(c =>
                EF.Functions.ILike(EF.Functions.Unaccent(c.Name), EF.Functions.Unaccent(pattern), "\\")
                || (phone != null && c.Phones.Any(p => p.E164 == phone))
                || (email != null && c.Emails.Contains(email)));
        }

        var total = await query.CountAsync(cancellationToken);
        var customers = await query.Include(c => c.Phones).OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Skip(request.Skip).Take(request.Size).ToListAsync(cancellationToken);
        return request.Holding(customers.Select(CustomerView.Of).ToList(), total);
    }

    public async Task<CustomerView?> GetAsync(int id, CancellationToken cancellationToken)
    {
        var customer = await db.Set<Customer>().AsNoTracking().Include(c => c.Phones).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        return customer is null ? null : CustomerView.Of(customer);
    }

    public async Task<CustomerView> CreateAsync(CustomerInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = time.GetUtcNow();
        var customer = Customer.Create(input.Name, now);
        Apply(customer, input, now);
        await EnsurePhonesFreeAsync(customer, cancellationToken);

        db.Set<Customer>().Add(customer);
        await SaveAsync("customer.created", () => (customer.Id, CustomerView.Of(customer)), cancellationToken);
        return CustomerView.Of(customer);
    }

    /// <summary>Replaces the customer's data; <paramref name="version"/> is the one the caller read (null: no check).</summary>
    public async Task<CustomerView?> UpdateAsync(int id, CustomerInput input, uint? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var customer = await db.Set<Customer>().Include(c => c.Phones).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (customer is null)
        {
            return null;
        }
        if (version is { } expected)
        {
            db.Entry(customer).Property(c => c.Version).OriginalValue = expected;
        }

        var now = time.GetUtcNow();
        customer.Rename(input.Name, now);
        Apply(customer, input, now);
        await EnsurePhonesFreeAsync(customer, cancellationToken);
        // The version must move even when only phones (another table) changed.
        db.Entry(customer).Property(c => c.UpdatedAt).IsModified = true;
        await SaveAsync("customer.updated", () => (customer.Id, CustomerView.Of(customer)), cancellationToken);
        return CustomerView.Of(customer);
    }

    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken)
    {
        var customer = await db.Set<Customer>().Include(c => c.Phones).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (customer is null)
        {
            return false;
        }
        db.Set<Customer>().Remove(customer);
        await SaveAsync("customer.deleted", () => (id, new { Id = id }), cancellationToken);
        return true;
    }

    private void Apply(Customer customer, CustomerInput input, DateTimeOffset now)
    {
        var phones = (input.Phones ?? []).Select((p, i) => PhoneNumber.Parse(p, Region, $"phones[{i}]")).ToList();
        var emails = (input.Emails ?? []).Select((e, i) => EmailAddress.Parse(e, $"emails[{i}]")).ToList();
        customer.ReplacePhones(phones, now);
        customer.ReplaceEmails(emails, now);
        customer.Describe(input.TaxId, input.Tags, input.Notes, now);
    }

    private async Task EnsurePhonesFreeAsync(Customer customer, CancellationToken cancellationToken)
    {
        var phones = customer.Phones.Select(p => p.E164).ToList();
        var taken = await db.Set<CustomerPhone>()
            .Where(p => phones.Contains(p.E164) && p.CustomerId != customer.Id)
            .Select(p => p.E164).FirstOrDefaultAsync(cancellationToken);
        if (taken is not null)
        {
            throw new ConflictException(new UserText($"Otro cliente ya tiene el teléfono {taken}.", $"Another customer already has phone {taken}."));
        }
    }

    private async Task SaveAsync(string eventType, Func<(int, object)> describe, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveWithEventAsync(publisher, tenant.RequiredId, eventType, describe, cancellationToken);
        }
        catch (DbUpdateConcurrencyException exception)
        {
            throw new ConflictException(new UserText("El cliente cambió desde que lo leíste.", "The customer changed since you read it."), exception);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            throw new ConflictException(new UserText("Otro cliente ya tiene uno de esos teléfonos.", "Another customer already has one of those phones."), exception);
        }
    }
}
