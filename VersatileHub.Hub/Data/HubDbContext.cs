using Microsoft.EntityFrameworkCore;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Hub.Data;

/// <summary>The hubdb database, owned by this service alone.</summary>
public sealed class HubDbContext(DbContextOptions<HubDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddEventBusTables();
}
