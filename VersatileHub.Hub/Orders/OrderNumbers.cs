using Microsoft.EntityFrameworkCore;
using VersatileHub.Hub.Data;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Orders;

/// <summary>
/// The last order number a tenant has issued. Read and written only through <see cref="OrderNumbers"/>, with the tenant
/// given explicitly, so it is deliberately not an <see cref="ServiceDefaults.Tenancy.ITenantOwned"/> row.
/// </summary>
internal sealed class OrderNumberSequence
{
    public int TenantId { get; private set; }

    public long LastNumber { get; private set; }
}

/// <summary>Issues each tenant's order numbers: 1001, 1002, ... with no duplicates and no gaps.</summary>
internal static class OrderNumbers
{
    public const int MaxLength = 30;

    public const long First = 1001;

    /// <summary>
    /// Takes the tenant's next number inside the caller's transaction. The counter row stays locked until that
    /// transaction ends, so concurrent orders queue for their numbers, and a rolled-back order gives its number back.
    /// </summary>
    public static async Task<string> NextAsync(HubDbContext db, int tenantId, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("An order number must be taken inside the transaction that stores the order.");
        }

        var numbers = await db.Database.SqlQuery<long>(
                $"""
                INSERT INTO order_number_sequences (tenant_id, last_number) VALUES ({tenantId}, {First})
                ON CONFLICT (tenant_id) DO UPDATE SET last_number = order_number_sequences.last_number + 1
                RETURNING last_number AS "Value"
                """)
            .ToListAsync(cancellationToken);
        return numbers.Single().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
