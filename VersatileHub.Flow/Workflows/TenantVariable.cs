using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Flow.Workflows;

/// <summary>
/// A tenant's named value, read by expressions as <c>$vars.Name</c>. A secret one is stored encrypted, never returned by the
/// API, and masked wherever it would appear in a run's history.
/// </summary>
public sealed class TenantVariable : ITenantOwned
{
    private TenantVariable()
    {
    }

    public int TenantId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>Plain text, or the Data Protection ciphertext when <see cref="Secret"/>.</summary>
    public string StoredValue { get; private set; } = "";

    public bool Secret { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static TenantVariable Create(string name, string storedValue, bool secret, DateTimeOffset now) =>
        new() { Name = name, StoredValue = storedValue, Secret = secret, UpdatedAt = now };

    public void Change(string storedValue, bool secret, DateTimeOffset now) => (StoredValue, Secret, UpdatedAt) = (storedValue, secret, now);
}
