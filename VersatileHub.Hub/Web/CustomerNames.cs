using Microsoft.EntityFrameworkCore;
using VersatileHub.Hub.Customers;
using VersatileHub.Hub.Data;

namespace VersatileHub.Hub.Web;

/// <summary>The names of the customers an order or ticket listing mentions, read once for the whole page.</summary>
internal static class CustomerNames
{
    /// <summary>Names by id, for the scope's tenant (another tenant's or a deleted customer has none).</summary>
    public static async Task<IReadOnlyDictionary<int, string>> OfAsync(IServiceProvider scope, IEnumerable<int?> ids)
    {
        var wanted = ids.OfType<int>().Distinct().ToList();
        if (wanted.Count == 0)
        {
            return new Dictionary<int, string>();
        }
        return await scope.GetRequiredService<HubDbContext>().Set<Customer>().AsNoTracking()
            .Where(c => wanted.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.Name);
    }

    /// <summary>The customer as a listing shows them: the name, or <c>#id</c> when it is gone.</summary>
    public static string Show(this IReadOnlyDictionary<int, string> names, int? id) =>
        id is { } known ? names.GetValueOrDefault(known) ?? $"#{known}" : "—";
}
