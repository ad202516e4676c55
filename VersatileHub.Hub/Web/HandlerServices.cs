using VersatileHub.Hub.Data;
using VersatileHub.Hub.Orders;
using VersatileHub.Hub.Tickets;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Web;

/// <summary>
/// The services the order and ticket handlers take as <c>[AsParameters]</c>, from a <see cref="MemberSession"/> scope: the
/// pages call those handlers in-process, so that the rules written there (moves, versions, events) hold for both.
/// </summary>
internal static class HandlerServices
{
    public static OrderServices Orders(IServiceProvider scope) => new(
        scope.GetRequiredService<HubDbContext>(), scope.GetRequiredService<CurrentTenant>(),
        scope.GetRequiredService<EventPublisher>(), scope.GetRequiredService<TimeProvider>());

    public static TicketServices Tickets(IServiceProvider scope) => new(
        scope.GetRequiredService<HubDbContext>(), scope.GetRequiredService<CurrentTenant>(),
        scope.GetRequiredService<EventPublisher>(), scope.GetRequiredService<TimeProvider>());
}
