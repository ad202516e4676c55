using Microsoft.EntityFrameworkCore;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Agent.Data;

/// <summary>The agentdb database, owned by this service alone.</summary>
public sealed class AgentDbContext(DbContextOptions<AgentDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddEventBusTables();
}
