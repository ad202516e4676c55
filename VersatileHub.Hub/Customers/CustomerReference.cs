using Microsoft.EntityFrameworkCore;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Data;

namespace VersatileHub.Hub.Customers;

/// <summary>The customer an order, a ticket or a booking is linked to: it must be one of the caller's tenant's customers.</summary>
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
        if (!await ExistsAsync(db, id, cancellationToken))
        {
            errors[field] = Unknown(id);
        }
    }

    /// <summary>
    /// As <see cref="CheckAsync"/>, for callers that refuse by throwing: an <see cref="InvalidFieldException"/> naming
    /// <paramref name="field"/> when <paramref name="customerId"/> names no customer of the current tenant.
    /// </summary>
    public static async Task EnsureAsync(HubDbContext db, int customerId, CancellationToken cancellationToken, string field = "customerId")
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await ExistsAsync(db, customerId, cancellationToken))
        {
            throw new InvalidFieldException(field, Unknown(customerId));
        }
    }

    // The tenant's query filter hides other tenants' customers, so theirs look exactly like ids that do not exist.
    private static Task<bool> ExistsAsync(HubDbContext db, int customerId, CancellationToken cancellationToken) =>
        db.Set<Customer>().AnyAsync(c => c.Id == customerId, cancellationToken);

    private static UserText Unknown(int customerId) =>
        new($"El cliente {customerId} no existe.", $"Customer {customerId} does not exist.");
}
