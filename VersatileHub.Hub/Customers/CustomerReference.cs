using Microsoft.EntityFrameworkCore;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Data;

namespace VersatileHub.Hub.Customers;

/// <summary>The customer an order or a ticket is linked to: it must be one of the caller's tenant's customers.</summary>
internal static class CustomerReference
{
    /// <summary>
    /// Adds a problem naming <paramref name="field"/> when <paramref name="customerId"/> names no customer of the current
    /// tenant; another tenant's customer is refused exactly as an unknown one, so ids of other tenants reveal nothing.
    /// </summary>
    public static async Task CheckAsync(
        HubDbContext db, int? customerId, FieldErrors errors, CancellationToken cancellationToken, string field = "customerId")
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(errors);
        if (customerId is not { } id || errors.ContainsKey(field))
        {
            return;
        }
        if (!await db.Set<Customer>().AnyAsync(c => c.Id == id, cancellationToken))
        {
            errors[field] = new UserText($"El cliente {id} no existe.", $"Customer {id} does not exist.");
        }
    }
}
