using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Data;
using VersatileHub.Hub.Orders;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Connectors.Erpnext;

/// <summary>
/// ERPNext Sales Order → Hub order, numbered with the Sales Order's name, lines from its items table. Status mapping
/// (docs/CONNECTORS.md): cancelled (docstatus 2) or Closed with nothing delivered → cancelled; Completed, or fully
/// delivered → delivered; partly delivered → shipped; fully billed → paid; otherwise pending. The Hub order only moves
/// forward through its own rules.
/// </summary>
internal sealed class ErpnextOrders(
    HubDbContext db, CurrentTenant tenant, EventPublisher publisher, TimeProvider time, FrappeClient frappe, ErpnextLinks links)
{
    public const string DocType = "Sales Order";
    private const string Actor = "erpnext";

    private static readonly string[] Fields = ["name", "customer", "currency", "status", "docstatus", "per_delivered", "per_billed", "modified"];

    public async Task PullAsync(SyncRun sync, CancellationToken cancellationToken)
    {
        var counts = sync.Counts.Of(DocType);
        foreach (var remote in await frappe.ListAsync(sync.Credentials, DocType, Fields, sync.ChangedSince(DocType), cancellationToken))
        {
            try
            {
                await ApplyAsync(sync.Credentials, remote, counts, cancellationToken);
            }
            catch (Exception exception) when (exception is InvalidFieldException or ConflictException or DbUpdateException
                or OrderStatusConflictException or ArgumentException)
            {
                counts.Failed++;
                db.ForgetChangesExcept(sync.State);
            }
            sync.State.Advance(DocType, remote.Modified());
        }
    }

    public static OrderStatus StatusOf(JsonObject order)
    {
        var delivered = order.Number("per_delivered");
        return (order.Text("docstatus"), order.Text("status")) switch
        {
            ("2", _) or (_, "Cancelled") => OrderStatus.Cancelled,
            (_, "Closed") when delivered == 0 => OrderStatus.Cancelled,
            (_, "Completed") => OrderStatus.Delivered,
            _ when delivered >= 100 => OrderStatus.Delivered,
            _ when delivered > 0 => OrderStatus.Shipped,
            _ when order.Number("per_billed") >= 100 => OrderStatus.Paid,
            _ => OrderStatus.Pending,
        };
    }

    private async Task ApplyAsync(ConnectorCredentials credentials, JsonObject remote, DocumentCounts counts, CancellationToken cancellationToken)
    {
        var name = remote.Name();
        var link = await links.ByRemoteAsync(DocType, name, cancellationToken);
        var order = link is null ? null : await db.Set<Order>().SingleOrDefaultAsync(o => o.Id == link.LocalId, cancellationToken);
        var now = time.GetUtcNow();
        var created = order is null;
        if (order is null)
        {
            var customerId = await links.LocalIdAsync(ErpnextCustomers.DocType, remote.Text("customer"), cancellationToken)
                ?? throw new InvalidFieldException("customer", new UserText($"El cliente de {name} no está en el Hub.", $"The customer of {name} is not in the Hub."));
            var document = await frappe.GetAsync(credentials, DocType, name, cancellationToken);
            var lines = (document["items"] as JsonArray ?? []).OfType<JsonObject>().Select(i => new OrderLine(
                null, null, i.Text("item_code") ?? "?", i.Text("item_name") ?? i.Text("item_code") ?? "?",
                (int)Math.Ceiling(i.Number("qty")), decimal.Round(i.Number("rate"), 2, MidpointRounding.AwayFromZero)));
            order = Order.Place(name.Length > OrderNumbers.MaxLength ? name[..OrderNumbers.MaxLength] : name, customerId,
                remote.Text("currency") ?? "USD", lines, 0, 0, Actor, now);
            db.Add(order);
        }

        var from = order.Status;
        MoveTowards(order, StatusOf(remote), name, now);
        if (!created && order.Status == from)
        {
            link!.Exchanged(order.Id, remote.Modified(), "");
            await db.SaveChangesAsync(cancellationToken);
            counts.Unchanged++;
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var subject = order.Id.ToString(CultureInfo.InvariantCulture);
        if (created)
        {
            link = ErpnextLink.Of(DocType, name);
            db.Add(link);
            publisher.Publish(db, "order.created", tenant.RequiredId, subject,
                new OrderCreated(order.Id, order.Number, order.CustomerId, order.Currency, order.Total, order.Status.Name()));
        }
        if (order.Status != from)
        {
            publisher.Publish(db, "order.status_changed", tenant.RequiredId, subject, new OrderStatusChanged(order.Id, order.Number, from.Name(), order.Status.Name()));
        }
        link!.Exchanged(order.Id, remote.Modified(), "");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        counts.Stored(created);
    }

    /// <summary>Moves the order forward through its own rules (pending → paid → shipped → delivered, or cancelled).</summary>
    private static void MoveTowards(Order order, OrderStatus target, string remoteName, DateTimeOffset now)
    {
        if (target == OrderStatus.Cancelled)
        {
            if (order.Status is OrderStatus.Pending or OrderStatus.Paid)
            {
                order.Cancel("Cancelado en ERPNext / Cancelled in ERPNext", Actor, now);
            }
            return;
        }
        while (order.Status != OrderStatus.Cancelled && order.Status < target)
        {
            switch (order.Status)
            {
                case OrderStatus.Pending:
                    order.MarkPaid(Actor, now);
                    break;
                case OrderStatus.Paid:
                    order.Ship($"ERPNext {remoteName}", Actor, now);
                    break;
                default:
                    order.Deliver(Actor, now);
                    break;
            }
        }
    }
}
