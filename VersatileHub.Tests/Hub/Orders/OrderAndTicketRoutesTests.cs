using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Hub.Tenancy;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Orders;

public sealed class OrderAndTicketRoutesTests(HubFactory hub) : IClassFixture<HubFactory>
{
    public static TheoryData<string, string, string> Routes => new()
    {
        { "GET", "/api/orders/", HubPolicies.Read },
        { "GET", "/api/orders/{id:int}", HubPolicies.Read },
        { "GET", "/api/orders/by-number/{number}", HubPolicies.Read },
        { "POST", "/api/orders/", HubPolicies.Operate },
        { "POST", "/api/orders/{id:int}/pay", HubPolicies.Operate },
        { "POST", "/api/orders/{id:int}/ship", HubPolicies.Operate },
        { "POST", "/api/orders/{id:int}/deliver", HubPolicies.Operate },
        { "POST", "/api/orders/{id:int}/cancel", HubPolicies.Operate },
        { "GET", "/api/tickets/", HubPolicies.Read },
        { "GET", "/api/tickets/{id:int}", HubPolicies.Read },
        { "POST", "/api/tickets/", HubPolicies.Operate },
        { "PUT", "/api/tickets/{id:int}", HubPolicies.Operate },
        { "POST", "/api/tickets/{id:int}/comments", HubPolicies.Operate },
        { "POST", "/api/tickets/{id:int}/reply", HubPolicies.Operate },
        { "POST", "/api/tickets/{id:int}/resolve", HubPolicies.Operate },
        { "POST", "/api/tickets/{id:int}/close", HubPolicies.Operate },
        { "POST", "/api/tickets/{id:int}/reopen", HubPolicies.Operate },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public void Each_route_is_mapped_and_requires_its_policy(string method, string pattern, string policy)
    {
        var endpoint = Assert.Single(Endpoints(), e =>
            e.RoutePattern.RawText == pattern && e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Contains(method));

        Assert.Equal([policy], endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy));
    }

    [Fact]
    public void No_order_or_ticket_route_is_left_out_of_the_table()
        => Assert.Equal(
            Routes.Select(r => $"{r[0]} {r[1]}").Order(StringComparer.Ordinal),
            Endpoints().Select(e => $"{e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Single()} {e.RoutePattern.RawText}").Order(StringComparer.Ordinal));

    /// <summary>Reading the endpoints builds their request delegates, so a parameter the framework cannot bind fails here.</summary>
    private IEnumerable<RouteEndpoint> Endpoints() => hub.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api/orders", StringComparison.Ordinal) || raw.StartsWith("/api/tickets", StringComparison.Ordinal)));
}
