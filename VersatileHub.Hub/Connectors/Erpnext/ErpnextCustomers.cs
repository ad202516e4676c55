using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Customers;
using VersatileHub.Hub.Data;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Connectors.Erpnext;

/// <summary>
/// ERPNext Customer ↔ Hub customer: customer_name ↔ name, mobile_no ↔ first phone, email_id ↔ first e-mail, tax_id ↔ tax id.
/// Conflict rule: the later change wins; a local change waiting to be pushed is not overwritten by an older remote one.
/// </summary>
internal sealed class ErpnextCustomers(
    HubDbContext db, CurrentTenant tenant, EventPublisher publisher, TimeProvider time, FrappeClient frappe, ErpnextLinks links,
    IOptions<CustomerOptions> customerOptions)
{
    public const string DocType = "Customer";

    private static readonly string[] Fields = ["name", "customer_name", "mobile_no", "email_id", "tax_id", "modified"];

    public async Task PullAsync(SyncRun sync, CancellationToken cancellationToken)
    {
        var counts = sync.Counts.Of(DocType);
        foreach (var remote in await frappe.ListAsync(sync.Credentials, DocType, Fields, sync.ChangedSince(DocType), cancellationToken))
        {
            try
            {
                await ApplyAsync(remote, counts, cancellationToken);
            }
            catch (Exception exception) when (exception is InvalidFieldException or ConflictException or DbUpdateException)
            {
                counts.Failed++;
                db.ForgetChangesExcept(sync.State);
            }
            sync.State.Advance(DocType, remote.Modified());
        }
    }

    /// <summary>Sends every customer with a local change waiting (new, or changed since the last exchange).</summary>
    public async Task PushPendingAsync(SyncRun sync, CancellationToken cancellationToken)
    {
        var linked = await db.Set<ErpnextLink>().AsNoTracking().Where(l => l.DocType == DocType)
            .ToDictionaryAsync(l => l.LocalId, l => l.Fingerprint, cancellationToken);
        var all = await db.Set<Customer>().AsNoTracking().Include(c => c.Phones).ToListAsync(cancellationToken);
        foreach (var customer in all.Where(c => !linked.TryGetValue(c.Id, out var fingerprint) || fingerprint != Fingerprint(c)))
        {
            if (await PushAsync(sync.Credentials, customer.Id, cancellationToken))
            {
                sync.Counts.Of(DocType).Pushed++;
            }
        }
    }

    /// <summary>Sends the customer to ERPNext unless ERPNext already has what it says; true when something was sent.</summary>
    public async Task<bool> PushAsync(ConnectorCredentials credentials, int customerId, CancellationToken cancellationToken)
    {
        var customer = await db.Set<Customer>().Include(c => c.Phones).SingleOrDefaultAsync(c => c.Id == customerId, cancellationToken);
        if (customer is null)
        {
            return false;
        }
        var link = await links.ByLocalAsync(DocType, customer.Id, cancellationToken);
        var fingerprint = Fingerprint(customer);
        if (link?.Fingerprint == fingerprint)
        {
            return false;
        }

        var document = new JsonObject
        {
            ["customer_name"] = customer.Name,
            ["mobile_no"] = customer.Phones.Select(p => p.E164).Order(StringComparer.Ordinal).FirstOrDefault(),
            ["email_id"] = customer.Emails.FirstOrDefault(),
            ["tax_id"] = customer.TaxId,
        };
        JsonObject stored;
        if (link is null)
        {
            document["customer_type"] = "Individual";
            stored = await frappe.InsertAsync(credentials, DocType, document, cancellationToken);
            link = ErpnextLink.Of(DocType, stored.Name());
            db.Add(link);
        }
        else
        {
            stored = await frappe.UpdateAsync(credentials, DocType, link.RemoteName, document, cancellationToken);
        }
        link.Exchanged(customer.Id, stored.Modified(), fingerprint);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The mapped fields as the Hub holds them: equal fingerprints mean nothing to exchange.</summary>
    public static string Fingerprint(Customer customer) => string.Join('\u001f',
        customer.Name,
        string.Join(',', customer.Phones.Select(p => p.E164).Order(StringComparer.Ordinal)),
        string.Join(',', customer.Emails),
        customer.TaxId ?? "");

    private async Task ApplyAsync(JsonObject remote, DocumentCounts counts, CancellationToken cancellationToken)
    {
        var name = remote.Name();
        var link = await links.ByRemoteAsync(DocType, name, cancellationToken);
        var phone = PhoneNumber.TryParse(remote.Text("mobile_no"), customerOptions.Value.DefaultPhoneRegion, out var parsed) ? parsed : null;
        var email = TryEmail(remote.Text("email_id"));
        var customer = link is null
            ? await MatchAsync(phone, email, cancellationToken)
            : await db.Set<Customer>().Include(c => c.Phones).SingleOrDefaultAsync(c => c.Id == link.LocalId, cancellationToken);

        if (customer is not null && link is not null && Fingerprint(customer) != link.Fingerprint
            && customer.UpdatedAt > remote.ModifiedAt(links.SiteTimeZone))
        {
            // The conflict rule: a newer local change waits to be pushed; this older remote state does not overwrite it.
            counts.KeptLocal++;
            return;
        }

        var now = time.GetUtcNow();
        var created = customer is null;
        customer ??= Customer.Create(remote.Text("customer_name") ?? name, now);
        var before = created ? null : Fingerprint(customer);
        customer.Rename(remote.Text("customer_name") ?? name, now);
        if (phone is not null)
        {
            customer.ReplacePhones([phone, .. customer.Phones.Where(p => p.E164 != phone.E164).Select(p => PhoneOf(p.E164))], now);
        }
        if (email is not null)
        {
            customer.ReplaceEmails([email, .. customer.Emails.Where(e => e != email.Value).Select(e => EmailAddress.Parse(e, "email"))], now);
        }
        customer.Describe(remote.Text("tax_id"), customer.Tags, customer.Notes, now);
        if (!created && before == Fingerprint(customer) && link is not null)
        {
            link.Exchanged(customer.Id, remote.Modified(), before);
            await db.SaveChangesAsync(cancellationToken);
            counts.Unchanged++;
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (created)
        {
            db.Add(customer);
        }
        await db.SaveChangesAsync(cancellationToken);
        if (link is null)
        {
            link = ErpnextLink.Of(DocType, name);
            db.Add(link);
        }
        link.Exchanged(customer.Id, remote.Modified(), Fingerprint(customer));
        publisher.Publish(db, created ? "customer.created" : "customer.updated", tenant.RequiredId,
            customer.Id.ToString(CultureInfo.InvariantCulture), CustomerView.Of(customer));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        counts.Stored(created);
    }

    /// <summary>A customer ERPNext does not know yet may already be in the Hub: the same phone or e-mail is the same person.</summary>
    private async Task<Customer?> MatchAsync(PhoneNumber? phone, EmailAddress? email, CancellationToken cancellationToken)
    {
        var customers = db.Set<Customer>().Include(c => c.Phones);
        if (phone is not null && await customers.FirstOrDefaultAsync(c => c.Phones.Any(p => p.E164 == phone.E164), cancellationToken) is { } byPhone)
        {
            return byPhone;
        }
        return email is null ? null : await customers.FirstOrDefaultAsync(c => c.Emails.Contains(email.Value), cancellationToken);
    }

    private PhoneNumber PhoneOf(string e164) => PhoneNumber.Parse(e164, customerOptions.Value.DefaultPhoneRegion, "phones");

    private static EmailAddress? TryEmail(string? text)
    {
        try
        {
            return text is null ? null : EmailAddress.Parse(text, "email_id");
        }
        catch (InvalidFieldException)
        {
            return null;
        }
    }
}

internal static class ChangeTrackerExtensions
{
    /// <summary>Drops the failed document's pending changes, keeping the sync's own state tracked.</summary>
    public static void ForgetChangesExcept(this DbContext db, object keep)
    {
        foreach (var entry in db.ChangeTracker.Entries().Where(e => !ReferenceEquals(e.Entity, keep)).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }
}
