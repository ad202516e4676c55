using VersatileHub.Hub.Api;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Appointments.Domain;

/// <summary>What a customer books (a haircut, a consultation): how long it takes, the pause it needs after, who can perform it.</summary>
internal sealed class BookableService : ITenantOwned
{
    private static readonly TimeSpan LongestDuration = TimeSpan.FromHours(12);

    private BookableService()
    {
    }

    public BookableService(string name, TimeSpan duration, TimeSpan bufferAfter, TimeSpan slotInterval, decimal? price, IEnumerable<int> resourceIds)
    {
        Change(name, duration, bufferAfter, slotInterval, price, resourceIds, active: true);
    }

    public int Id { get; private set; }

    public int TenantId { get; private set; }

    public string Name { get; private set; } = "";

    public TimeSpan Duration { get; private set; }

    /// <summary>Time the resource stays blocked after the appointment ends (cleaning, notes).</summary>
    public TimeSpan BufferAfter { get; private set; }

    /// <summary>Spacing of the start times offered, counted from the start of each working period.</summary>
    public TimeSpan SlotInterval { get; private set; }

    public decimal? Price { get; private set; }

    public bool Active { get; private set; }

    /// <summary>The resources that can perform this service.</summary>
    public List<int> ResourceIds { get; private set; } = [];

    public bool CanBePerformedBy(int resourceId) => ResourceIds.Contains(resourceId);

    public void Change(string name, TimeSpan duration, TimeSpan bufferAfter, TimeSpan slotInterval, decimal? price, IEnumerable<int> resourceIds, bool active)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            throw new AgendaRuleException("name", new UserText("El servicio necesita un nombre de hasta 200 caracteres.", "A service needs a name of at most 200 characters."));
        }
        if (duration <= TimeSpan.Zero || duration > LongestDuration || duration.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new AgendaRuleException("durationMinutes", new UserText("La duración debe ser de 1 a 720 minutos enteros.", "The duration must be whole minutes, from 1 to 720."));
        }
        if (bufferAfter < TimeSpan.Zero || bufferAfter > LongestDuration || bufferAfter.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new AgendaRuleException("bufferAfterMinutes", new UserText("La pausa posterior debe ser de 0 a 720 minutos enteros.", "The buffer must be whole minutes, from 0 to 720."));
        }
        if (slotInterval < TimeSpan.FromMinutes(5) || slotInterval > TimeSpan.FromHours(4) || slotInterval.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new AgendaRuleException("slotIntervalMinutes", new UserText("El intervalo entre turnos debe ser de 5 a 240 minutos enteros.", "The slot interval must be whole minutes, from 5 to 240."));
        }
        if (price is < 0)
        {
            throw new AgendaRuleException("price", new UserText("El precio no puede ser negativo.", "The price cannot be negative."));
        }

        Name = name.Trim();
        Duration = duration;
        BufferAfter = bufferAfter;
        SlotInterval = slotInterval;
        Price = price;
        ResourceIds = resourceIds.Distinct().Order().ToList();
        Active = active;
    }
}
