using Microsoft.EntityFrameworkCore;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Chat.Data;

/// <summary>The chatdb database, owned by this service alone.</summary>
public sealed class ChatDbContext(DbContextOptions<ChatDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddEventBusTables();
}
