using VersatileHub.Hub.Api;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Appointments.Domain;

/// <summary>A day nothing can be booked: a holiday of the whole business, or one resource's day off.</summary>
internal sealed class ClosedDay : ITenantOwned
{
    private ClosedDay()
    {
    }

    public ClosedDay(DateOnly date, int? resourceId, string? reason)
    {
        if (reason is { Length: > 200 })
        {
            throw new AgendaRuleException("reason", new UserText("El motivo tiene hasta 200 caracteres.", "The reason is at most 200 characters."));
        }
        Date = date;
        ResourceId = resourceId;
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
    }

    public int Id { get; private set; }

    public int TenantId { get; private set; }

    /// <summary>The day in the tenant's time zone.</summary>
    public DateOnly Date { get; private set; }

    /// <summary>The resource that is off, or null when the whole business is closed.</summary>
    public int? ResourceId { get; private set; }

    public string? Reason { get; private set; }

    public bool Closes(int resourceId, DateOnly date) => Date == date && (ResourceId is null || ResourceId == resourceId);
}
