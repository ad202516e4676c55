using Microsoft.EntityFrameworkCore;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Bench.EventBus;

internal sealed class ProducerContext(DbContextOptions<ProducerContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddEventBusTables();
}

internal sealed class ConsumerContext(DbContextOptions<ConsumerContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddEventBusTables();
}

/// <summary>Carries the moment of publishing (a <see cref="System.Diagnostics.Stopwatch"/> timestamp; producer and consumer share the process).</summary>
internal sealed record Ping(long PublishedAt);
