using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Events.Consuming;
using VersatileHub.ServiceDefaults.Events.Outbox;

namespace Microsoft.Extensions.Hosting;

public static class EventBusExtensions
{
    /// <summary>
    /// Adds the suite's event bus for <paramref name="service"/>: publishing through an outbox relayed to the Redis stream
    /// <c>vh:events:&lt;service&gt;</c>, and consuming other services' streams as the consumer group <paramref name="service"/>.
    /// Needs a Redis client (<see cref="RedisClientExtensions.AddRedisClient"/>). Settings bind from the <c>EventBus</c> section.
    /// </summary>
    public static EventBusBuilder AddEventBus(this IHostApplicationBuilder builder, string service)
    {
        builder.Services.AddOptions<EventBusOptions>()
            .Configure(options => options.Service = service)
            .Bind(builder.Configuration.GetSection(EventBusOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<EventBusTelemetry>();
        builder.Services.TryAddSingleton<EventPublisher>();
        builder.Services.TryAddSingleton<ParkedEvents>();
        builder.Services.TryAddSingleton<EventHandlerRegistry>();
        builder.Services.TryAddSingleton<IEventStreamWriter, RedisEventStreamWriter>();
        return new EventBusBuilder(builder.Services);
    }
}

/// <summary>Declares what a service publishes and consumes.</summary>
public sealed class EventBusBuilder
{
    /// <summary>The event type a handler names to receive every event type (Flow's event triggers).</summary>
    public const string AnyType = "*";

    private readonly EventHandlerRegistry _handlers;

    internal EventBusBuilder(IServiceCollection services)
    {
        Services = services;
        _handlers = (EventHandlerRegistry?)services.LastOrDefault(d => d.ServiceType == typeof(EventHandlerRegistry))?.ImplementationInstance
            ?? new EventHandlerRegistry();
        services.Replace(ServiceDescriptor.Singleton(_handlers));
    }

    public IServiceCollection Services { get; }

    /// <summary>Relays the outbox of <typeparamref name="TContext"/>, whose model must call <see cref="EventBusModel.AddEventBusTables"/>.</summary>
    public EventBusBuilder AddOutbox<TContext>() where TContext : DbContext
    {
        Services.TryAddSingleton<OutboxSignal>();
        Services.AddHostedService<OutboxRelay<TContext>>();
        return this;
    }

    /// <summary>Records processed events in <typeparamref name="TContext"/>'s <c>processed_events</c> table, in the handler's transaction.</summary>
    public EventBusBuilder UseInbox<TContext>() where TContext : DbContext
    {
        Services.Replace(ServiceDescriptor.Singleton<IEventInbox, EfEventInbox<TContext>>());
        return this;
    }

    /// <summary>Consumes the streams of the given producing services.</summary>
    public EventBusBuilder Subscribe(params string[] producers)
    {
        Services.Configure<EventBusOptions>(options =>
        {
            foreach (var producer in producers.Where(p => !options.Subscriptions.Contains(p)))
            {
                options.Subscriptions.Add(producer);
            }
        });
        Services.TryAddSingleton<IEventInbox, RedisEventInbox>();
        if (!Services.Any(d => d.ServiceType == typeof(EventConsumer)))
        {
            Services.AddSingleton<EventConsumer>();
            Services.AddHostedService(services => services.GetRequiredService<EventConsumer>());
        }
        return this;
    }

    /// <summary>Runs <typeparamref name="THandler"/> (scoped) for each of the given event types.</summary>
    public EventBusBuilder AddHandler<THandler>(params string[] eventTypes) where THandler : class, IIntegrationEventHandler
    {
        Services.TryAddScoped<THandler>();
        foreach (var eventType in eventTypes)
        {
            _handlers.Add(eventType, typeof(THandler));
        }
        return this;
    }
}
