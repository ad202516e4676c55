using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VersatileHub.Hub.Connectors.TiendaNube;
using VersatileHub.Hub.Customers;
using VersatileHub.Hub.Data;

namespace VersatileHub.Hub.Orders;

/// <summary>Where the tenant's orders are looked up: the Hub's own tables, or its Tienda Nube store when that connector is active.</summary>
internal sealed class OrderSource(HubDbContext db, TenantStore store, IOptions<CustomerOptions> customers)
{
    /// <summary>The order with this number, only when it belongs to the customer; null otherwise.</summary>
    public async Task<OrderResponse?> FindByNumberAsync(string number, int customerId, CancellationToken cancellationToken)
    {
        number = number.Trim();
        if (await store.FindAsync(cancellationToken) is { } tiendaNube)
        {
            var customer = await db.Set<Customer>().AsNoTracking().Include(c => c.Phones)
                .SingleOrDefaultAsync(c => c.Id == customerId, cancellationToken);
            return customer is null
                ? null
                : await TiendaNubeOrders.FindByNumberAsync(tiendaNube, number, customer, customers.Value.DefaultPhoneRegion, cancellationToken);
        }
        var order = await db.Set<Order>().AsNoTracking()
            .SingleOrDefaultAsync(o => o.Number == number && o.CustomerId == customerId, cancellationToken);
        return order is null ? null : OrderResponse.From(order);
    }
}
