using Microsoft.Extensions.Hosting;
using VersatileHub.ServiceDefaults.Events.Consuming;

namespace VersatileHub.Tests.ServiceDefaults.Events;

public sealed class EventHandlerRegistryTests
{
    private sealed class ForOrders;

    private sealed class ForEverything;

    [Fact]
    public void A_handler_of_every_type_runs_after_the_handlers_of_the_events_own_type()
    {
        var registry = new EventHandlerRegistry();
        registry.Add("order.created", typeof(ForOrders));
        registry.Add(EventBusBuilder.AnyType, typeof(ForEverything));

        Assert.True(registry.Handles("ticket.created"));
        Assert.Equal([typeof(ForEverything)], registry.For("ticket.created"));
        Assert.Equal([typeof(ForOrders), typeof(ForEverything)], registry.For("order.created"));
    }

    [Fact]
    public void Without_a_handler_of_every_type_only_registered_types_are_handled()
    {
        var registry = new EventHandlerRegistry();
        registry.Add("order.created", typeof(ForOrders));

        Assert.False(registry.Handles("ticket.created"));
        Assert.Empty(registry.For("ticket.created"));
    }
}
