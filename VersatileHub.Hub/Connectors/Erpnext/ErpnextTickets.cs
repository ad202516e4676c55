using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Data;
using VersatileHub.Hub.Tickets;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Connectors.Erpnext;

/// <summary>
/// ERPNext Issue ↔ Hub ticket: subject, description, status (Open/Replied/Resolved/Closed; On Hold → replied),
/// priority (Low/Medium/High/Urgent → low/normal/high/urgent), customer. Same conflict rule as customers.
/// </summary>
internal sealed class ErpnextTickets(
    HubDbContext db, CurrentTenant tenant, EventPublisher publisher, TimeProvider time, FrappeClient frappe, ErpnextLinks links)
{
    public const string DocType = "Issue";
    private const string Actor = "erpnext";

    private static readonly string[] Fields = ["name", "subject", "description", "status", "priority", "customer", "modified"];

    public async Task PullAsync(SyncRun sync, CancellationToken cancellationToken)
    {
        var counts = sync.Counts.Of(DocType);
        foreach (var remote in await frappe.ListAsync(sync.Credentials, DocType, Fields, sync.ChangedSince(DocType), cancellationToken))
        {
            try
            {
                await ApplyAsync(remote, counts, cancellationToken);
            }
            catch (Exception exception) when (exception is InvalidFieldException or ConflictException or DbUpdateException
                or TicketConflictException or ArgumentException)
            {
                counts.Failed++;
                db.ForgetChangesExcept(sync.State);
            }
            sync.State.Advance(DocType, remote.Modified());
        }
    }

    public async Task PushPendingAsync(SyncRun sync, CancellationToken cancellationToken)
    {
        var linked = await db.Set<ErpnextLink>().AsNoTracking().Where(l => l.DocType == DocType)
            .ToDictionaryAsync(l => l.LocalId, l => l.Fingerprint, cancellationToken);
        foreach (var ticket in await db.Set<Ticket>().AsNoTracking().ToListAsync(cancellationToken))
        {
            if ((!linked.TryGetValue(ticket.Id, out var fingerprint) || fingerprint != Fingerprint(ticket))
                && await PushAsync(sync.Credentials, ticket.Id, cancellationToken))
            {
                sync.Counts.Of(DocType).Pushed++;
            }
        }
    }

    public async Task<bool> PushAsync(ConnectorCredentials credentials, int ticketId, CancellationToken cancellationToken)
    {
        var ticket = await db.Set<Ticket>().SingleOrDefaultAsync(t => t.Id == ticketId, cancellationToken);
        if (ticket is null)
        {
            return false;
        }
        var link = await links.ByLocalAsync(DocType, ticket.Id, cancellationToken);
        var fingerprint = Fingerprint(ticket);
        if (link?.Fingerprint == fingerprint)
        {
            return false;
        }
        var customer = ticket.CustomerId is { } customerId ? await links.ByLocalAsync(ErpnextCustomers.DocType, customerId, cancellationToken) : null;
        var document = new JsonObject
        {
            ["subject"] = ticket.Subject,
            ["description"] = ticket.Description,
            ["status"] = RemoteStatus(ticket.Status),
            ["priority"] = RemotePriority(ticket.Priority),
            ["customer"] = customer?.RemoteName,
        };
        var stored = link is null
            ? await frappe.InsertAsync(credentials, DocType, document, cancellationToken)
            : await frappe.UpdateAsync(credentials, DocType, link.RemoteName, document, cancellationToken);
        if (link is null)
        {
            link = ErpnextLink.Of(DocType, stored.Name());
            db.Add(link);
        }
        link.Exchanged(ticket.Id, stored.Modified(), fingerprint);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public static string Fingerprint(Ticket ticket) =>
        string.Join('\u001f', ticket.Subject, ticket.Description, ticket.Status.Name(), ticket.Priority.Name(), ticket.CustomerId?.ToString(CultureInfo.InvariantCulture) ?? "");

    private async Task ApplyAsync(JsonObject remote, DocumentCounts counts, CancellationToken cancellationToken)
    {
        var name = remote.Name();
        var link = await links.ByRemoteAsync(DocType, name, cancellationToken);
        var ticket = link is null ? null : await db.Set<Ticket>().SingleOrDefaultAsync(t => t.Id == link.LocalId, cancellationToken);
        if (ticket is not null && link is not null && Fingerprint(ticket) != link.Fingerprint && ticket.UpdatedAt > remote.ModifiedAt(links.SiteTimeZone))
        {
            counts.KeptLocal++;
            return;
        }

        var now = time.GetUtcNow();
        var subject = (remote.Text("subject") ?? name).Trim();
        subject = subject.Length > Ticket.MaxSubjectLength ? subject[..Ticket.MaxSubjectLength] : subject;
        var description = PlainText(remote.Text("description"));
        var priority = LocalPriority(remote.Text("priority"));
        var customerId = await links.LocalIdAsync(ErpnextCustomers.DocType, remote.Text("customer"), cancellationToken);
        var created = ticket is null;
        var events = new List<(string Type, object Data)>();
        if (ticket is null)
        {
            ticket = Ticket.Open(subject, description, priority, customerId, null, null, Actor, now);
            db.Add(ticket);
        }
        else
        {
            var changed = ticket.Edit(subject, description, priority, customerId, ticket.AssigneeUserId, now);
            if (changed.Count > 0)
            {
                events.Add(("ticket.updated", new TicketUpdated(ticket.Id, changed)));
            }
        }
        var from = ticket.Status;
        MoveTowards(ticket, LocalStatus(remote.Text("status")), now);
        if (ticket.Status != from && !created)
        {
            events.Add(("ticket.status_changed", new TicketStatusChanged(ticket.Id, from.Name(), ticket.Status.Name())));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (created)
        {
            events.Add(("ticket.created", new TicketCreated(ticket.Id, ticket.Subject, ticket.Status.Name(), ticket.Priority.Name(), ticket.CustomerId, null, null)));
            link = ErpnextLink.Of(DocType, name);
            db.Add(link);
        }
        link!.Exchanged(ticket.Id, remote.Modified(), Fingerprint(ticket));
        foreach (var (type, data) in events)
        {
            publisher.Publish(db, type, tenant.RequiredId, ticket.Id.ToString(CultureInfo.InvariantCulture), data);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (created)
        {
            counts.Created++;
        }
        else if (events.Count > 0)
        {
            counts.Updated++;
        }
        else
        {
            counts.Unchanged++;
        }
    }

    /// <summary>Walks the ticket's own rules to the remote status; a status the rules cannot reach is left as it is.</summary>
    private static void MoveTowards(Ticket ticket, TicketStatus target, DateTimeOffset now)
    {
        if (ticket.Status == target)
        {
            return;
        }
        switch (target)
        {
            case TicketStatus.Replied when ticket.Status == TicketStatus.Open:
                ticket.MarkReplied(Actor, now);
                break;
            case TicketStatus.Resolved or TicketStatus.Closed when ticket.Status is TicketStatus.Open or TicketStatus.Replied:
                ticket.Resolve(Actor, now);
                MoveTowards(ticket, target, now);
                break;
            case TicketStatus.Closed when ticket.Status == TicketStatus.Resolved:
                ticket.Close(Actor, now);
                break;
            case TicketStatus.Open or TicketStatus.Replied when ticket.Status == TicketStatus.Resolved:
                ticket.Reopen(Actor, now);
                MoveTowards(ticket, target, now);
                break;
        }
    }

    private static TicketStatus LocalStatus(string? status) => status switch
    {
        "Replied" or "On Hold" => TicketStatus.Replied,
        "Resolved" => TicketStatus.Resolved,
        "Closed" => TicketStatus.Closed,
        _ => TicketStatus.Open,
    };

    private static string RemoteStatus(TicketStatus status) => status switch
    {
        TicketStatus.Replied => "Replied",
        TicketStatus.Resolved => "Resolved",
        TicketStatus.Closed => "Closed",
        _ => "Open",
    };

    private static TicketPriority LocalPriority(string? priority) => priority switch
    {
        "Low" => TicketPriority.Low,
        "High" => TicketPriority.High,
        "Urgent" => TicketPriority.Urgent,
        _ => TicketPriority.Normal,
    };

    private static string RemotePriority(TicketPriority priority) => priority switch
    {
        TicketPriority.Low => "Low",
        TicketPriority.High => "High",
        TicketPriority.Urgent => "Urgent",
        _ => "Medium",
    };

    private static string PlainText(string? html)
    {
        var text = html is null ? "" : System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " ").Trim();
        return text.Length > Ticket.MaxDescriptionLength ? text[..Ticket.MaxDescriptionLength] : text;
    }
}
