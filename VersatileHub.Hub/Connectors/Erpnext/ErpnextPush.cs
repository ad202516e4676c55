using Microsoft.EntityFrameworkCore;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Events.Consuming;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Connectors.Erpnext;

/// <summary>
/// Sends a Hub customer or ticket change to ERPNext as the Hub's own event arrives. A change that came from a pull matches
/// its link's fingerprint and is not sent back. When ERPNext fails, the error is recorded and the change stays waiting:
/// the next sync pushes it (the event is not retried, so a down ERPNext never parks the Hub's events).
/// </summary>
internal sealed class ErpnextPushHandler(
    CurrentTenant tenant, ITenantConnectors connectors, ErpnextCustomers customers, ErpnextTickets tickets,
    Data.HubDbContext db, TimeProvider time, ILogger<ErpnextPushHandler> logger) : IIntegrationEventHandler
{
    public static readonly string[] Events = ["customer.created", "customer.updated", "ticket.created", "ticket.updated", "ticket.status_changed"];

    public async Task HandleAsync(IntegrationEvent @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        if (!int.TryParse(@event.Subject, out var id))
        {
            return;
        }
        tenant.Set(@event.Tenant);
        if (await connectors.ActiveAsync(@event.Tenant, cancellationToken) is not { Kind: ConnectorKind.Erpnext } connector)
        {
            return;
        }
        try
        {
            _ = @event.Type.StartsWith("customer.", StringComparison.Ordinal)
                ? await customers.PushAsync(connector.Credentials, id, cancellationToken)
                : await tickets.PushAsync(connector.Credentials, id, cancellationToken);
        }
        catch (ConnectorFailure failure)
        {
            logger.LogWarning("Pushing {Event} of tenant {Tenant} to ERPNext failed: {Error}", @event.Type, @event.Tenant, failure.Message);
            db.ChangeTracker.Clear();
            var state = await db.Set<ConnectorSyncState>().SingleOrDefaultAsync(cancellationToken);
            if (state is null)
            {
                state = ConnectorSyncState.Empty();
                db.Add(state);
            }
            state.Failed(failure.Message, time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
