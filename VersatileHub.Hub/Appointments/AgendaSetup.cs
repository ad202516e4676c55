using Microsoft.EntityFrameworkCore;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Appointments.Domain;
using VersatileHub.Hub.Data;
using VersatileHub.Hub.Identity.Domain;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Appointments;

/// <summary>How a tenant sets up its agenda: resources, services, working hours, closed days and time zone.</summary>
internal sealed class AgendaSetup(HubDbContext db, CurrentTenant tenant)
{
    public async Task<BookableResource> AddResourceAsync(string name, ResourceKind kind, CancellationToken cancellationToken)
    {
        var resource = new BookableResource(name, kind);
        db.Add(resource);
        await db.SaveChangesAsync(cancellationToken);
        return resource;
    }

    public async Task<BookableResource> ChangeResourceAsync(int id, string name, ResourceKind kind, bool active, CancellationToken cancellationToken)
    {
        var resource = await db.Set<BookableResource>().SingleOrDefaultAsync(r => r.Id == id, cancellationToken)
            ?? throw new AgendaEntityNotFoundException(AgendaEntity.Resource, id);
        resource.Change(name, kind, active);
        await db.SaveChangesAsync(cancellationToken);
        return resource;
    }

    public async Task<BookableService> AddServiceAsync(ServiceTerms terms, CancellationToken cancellationToken)
    {
        await EnsureResourcesExistAsync(terms.ResourceIds, cancellationToken);
        var service = new BookableService(terms.Name, terms.Duration, terms.BufferAfter, terms.SlotInterval, terms.Price, terms.ResourceIds);
        db.Add(service);
        await db.SaveChangesAsync(cancellationToken);
        return service;
    }

    public async Task<BookableService> ChangeServiceAsync(int id, ServiceTerms terms, bool active, CancellationToken cancellationToken)
    {
        var service = await db.Set<BookableService>().SingleOrDefaultAsync(s => s.Id == id, cancellationToken)
            ?? throw new AgendaEntityNotFoundException(AgendaEntity.Service, id);
        await EnsureResourcesExistAsync(terms.ResourceIds, cancellationToken);
        service.Change(terms.Name, terms.Duration, terms.BufferAfter, terms.SlotInterval, terms.Price, terms.ResourceIds, active);
        await db.SaveChangesAsync(cancellationToken);
        return service;
    }

    /// <summary>Replaces the resource's whole week.</summary>
    public async Task<WorkingHours> SetWorkingHoursAsync(
        int resourceId, IEnumerable<(DayOfWeek Day, TimeOnly From, TimeOnly To)> periods, CancellationToken cancellationToken)
    {
        if (!await db.Set<BookableResource>().AnyAsync(r => r.Id == resourceId, cancellationToken))
        {
            throw new AgendaEntityNotFoundException(AgendaEntity.Resource, resourceId);
        }
        var hours = WorkingHours.Define(resourceId, periods);
        await db.Set<WorkingPeriod>().Where(p => p.ResourceId == resourceId).ExecuteDeleteAsync(cancellationToken);
        db.AddRange(hours.Periods);
        await db.SaveChangesAsync(cancellationToken);
        return hours;
    }

    public async Task<WorkingHours> WorkingHoursAsync(int resourceId, CancellationToken cancellationToken)
    {
        if (!await db.Set<BookableResource>().AnyAsync(r => r.Id == resourceId, cancellationToken))
        {
            throw new AgendaEntityNotFoundException(AgendaEntity.Resource, resourceId);
        }
        return WorkingHours.From(await db.Set<WorkingPeriod>().Where(p => p.ResourceId == resourceId).ToListAsync(cancellationToken));
    }

    public async Task<ClosedDay> CloseAsync(DateOnly date, int? resourceId, string? reason, CancellationToken cancellationToken)
    {
        if (resourceId is { } id && !await db.Set<BookableResource>().AnyAsync(r => r.Id == id, cancellationToken))
        {
            throw new AgendaRuleException("resourceId", new UserText($"El recurso {id} no existe.", $"Resource {id} does not exist."));
        }
        var closed = new ClosedDay(date, resourceId, reason);
        db.Add(closed);
        await db.SaveChangesAsync(cancellationToken);
        return closed;
    }

    public async Task ReopenAsync(int closedDayId, CancellationToken cancellationToken)
    {
        if (await db.Set<ClosedDay>().Where(d => d.Id == closedDayId).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw new AgendaEntityNotFoundException(AgendaEntity.ClosedDay, closedDayId);
        }
    }

    /// <summary>Moves the tenant, and so its working hours and closed days, to another time zone; answers its IANA id.</summary>
    public async Task<string> SetTimeZoneAsync(string timeZone, CancellationToken cancellationToken)
    {
        if (Tenant.IanaTimeZone(timeZone) is null)
        {
            throw new AgendaRuleException("timeZone", new UserText("Use una zona horaria IANA, p. ej. America/Argentina/Buenos_Aires.", "Use an IANA time zone, e.g. America/Argentina/Buenos_Aires."));
        }
        var current = await db.Set<Tenant>().SingleAsync(t => t.Id == tenant.RequiredId, cancellationToken);
        current.ChangeTimeZone(timeZone);
        await db.SaveChangesAsync(cancellationToken);
        return current.TimeZone;
    }

    private async Task EnsureResourcesExistAsync(IReadOnlyCollection<int> resourceIds, CancellationToken cancellationToken)
    {
        var known = await db.Set<BookableResource>().Where(r => resourceIds.Contains(r.Id)).Select(r => r.Id).ToListAsync(cancellationToken);
        foreach (var missing in resourceIds.Except(known))
        {
            throw new AgendaRuleException("resourceIds", new UserText($"El recurso {missing} no existe.", $"Resource {missing} does not exist."));
        }
    }
}

/// <summary>What defines a service, as an administrator writes it.</summary>
internal sealed record ServiceTerms(
    string Name, TimeSpan Duration, TimeSpan BufferAfter, TimeSpan SlotInterval, decimal? Price, IReadOnlyCollection<int> ResourceIds);
