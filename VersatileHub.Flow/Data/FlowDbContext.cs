using Microsoft.EntityFrameworkCore;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Flow.Data;

/// <summary>The flowdb database, owned by this service alone.</summary>
public sealed class FlowDbContext(DbContextOptions<FlowDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddEventBusTables();
}
