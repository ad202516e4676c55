using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace VersatileHub.Tests.Hub;

/// <summary>
/// Every route the Hub maps is either checked here for tenant isolation or listed with the reason it needs none:
/// a new route fails <see cref="Every_mapped_route_is_checked_for_tenant_isolation_or_says_why_not"/> until it is added.
/// </summary>
public sealed class TenantIsolationTests(TenantA a) : IClassFixture<TenantA>
{
    /// <summary>How a route keeps tenant A's data from tenant B's members.</summary>
    public enum Isolation
    {
        /// <summary>The path names one of tenant A's entities: B gets 403/404 (400 too for a write), never 2xx, and A's entity is unchanged.</summary>
        OwnEntity,

        /// <summary>B's answer shows none of tenant A's data, which A's own answer does show.</summary>
        Listing,

        /// <summary>Writes only into the caller's own tenant (no id of another tenant's in the path): anonymous callers are refused.</summary>
        CallersTenant,
    }

    /// <param name="Path">The request path for tenant A's data.</param>
    /// <param name="Body">The JSON body of a write: valid, so that a refusal comes from the tenant filter.</param>
    /// <param name="ReadBack">Where A reads the entity a write names, to see that it is unchanged.</param>
    /// <param name="Evidence">What of tenant A's a listing shows A and must not show B (default: <see cref="TenantA.Marker"/>).</param>
    public sealed record TenantRoute(
        string Method, string Pattern, Isolation Isolation, Func<TenantA, string> Path,
        Func<TenantA, object>? Body = null, Func<TenantA, string>? ReadBack = null, Func<TenantA, string>? Evidence = null);

    private static TenantRoute Get(string pattern, Isolation isolation, Func<TenantA, string> path, Func<TenantA, string>? evidence = null) =>
        new("GET", pattern, isolation, path, Evidence: evidence);

    private static TenantRoute Write(string method, string pattern, Func<TenantA, string> path, Func<TenantA, object> body, Func<TenantA, string> readBack) =>
        new(method, pattern, Isolation.OwnEntity, path, body, readBack);

    private static TenantRoute WritesOwnTenant(string method, string pattern) => new(method, pattern, Isolation.CallersTenant, _ => pattern);

    private static readonly object NoBody = new { };

    public static readonly IReadOnlyList<TenantRoute> TenantScoped =
    [
        // Identity: members and access tokens of the caller's tenant.
        Get("/api/identity/members/", Isolation.Listing, _ => "/api/identity/members", a => a.Admin.Email),
        WritesOwnTenant("POST", "/api/identity/members/"),
        Write("PUT", "/api/identity/members/{userId:int}", a => $"/api/identity/members/{a.Admin.UserId}", _ => new { role = "viewer" }, _ => "/api/identity/members"),
        Write("DELETE", "/api/identity/members/{userId:int}", a => $"/api/identity/members/{a.Admin.UserId}", _ => NoBody, _ => "/api/identity/members"),
        Get("/api/identity/tokens/", Isolation.Listing, _ => "/api/identity/tokens"),
        WritesOwnTenant("POST", "/api/identity/tokens/"),
        Write("DELETE", "/api/identity/tokens/{id:int}", a => $"/api/identity/tokens/{a.TokenId}", _ => NoBody, _ => "/api/identity/tokens"),

        // Customers.
        Get("/api/customers/", Isolation.Listing, _ => "/api/customers"),
        Get("/api/customers/{id:int}", Isolation.OwnEntity, a => $"/api/customers/{a.CustomerId}"),
        WritesOwnTenant("POST", "/api/customers/"),
        Write("PUT", "/api/customers/{id:int}", a => $"/api/customers/{a.CustomerId}", _ => new { name = "Cambiado por B" }, a => $"/api/customers/{a.CustomerId}"),
        Write("DELETE", "/api/customers/{id:int}", a => $"/api/customers/{a.CustomerId}", _ => NoBody, a => $"/api/customers/{a.CustomerId}"),

        // Catalog.
        Get("/api/catalog/search", Isolation.Listing, a => $"/api/catalog/search?q={a.Marker}"),
        Get("/api/catalog/categories", Isolation.Listing, _ => "/api/catalog/categories"),
        WritesOwnTenant("POST", "/api/catalog/categories"),
        Write("PUT", "/api/catalog/categories/{id:int}", a => $"/api/catalog/categories/{a.CategoryId}", _ => new { name = "Cambiada por B" }, _ => "/api/catalog/categories"),
        Write("DELETE", "/api/catalog/categories/{id:int}", a => $"/api/catalog/categories/{a.CategoryId}", _ => NoBody, _ => "/api/catalog/categories"),
        Get("/api/catalog/products", Isolation.Listing, _ => "/api/catalog/products"),
        Get("/api/catalog/products/{id:int}", Isolation.OwnEntity, a => $"/api/catalog/products/{a.ProductId}"),
        WritesOwnTenant("POST", "/api/catalog/products"),
        Write("PUT", "/api/catalog/products/{id:int}", a => $"/api/catalog/products/{a.ProductId}",
            _ => new { name = "Cambiado por B", price = 1m, currency = "ARS" }, a => $"/api/catalog/products/{a.ProductId}"),
        Write("DELETE", "/api/catalog/products/{id:int}", a => $"/api/catalog/products/{a.ProductId}", _ => NoBody, a => $"/api/catalog/products/{a.ProductId}"),
        Write("POST", "/api/catalog/products/{id:int}/variants", a => $"/api/catalog/products/{a.ProductId}/variants",
            _ => new { sku = "SKU-DE-B", stock = 1 }, a => $"/api/catalog/products/{a.ProductId}"),
        Write("PUT", "/api/catalog/products/{id:int}/variants/{variantId:int}", a => $"/api/catalog/products/{a.ProductId}/variants/{a.VariantId}",
            _ => new { sku = "SKU-DE-B", stock = 99 }, a => $"/api/catalog/products/{a.ProductId}"),
        Write("DELETE", "/api/catalog/products/{id:int}/variants/{variantId:int}", a => $"/api/catalog/products/{a.ProductId}/variants/{a.VariantId}",
            _ => NoBody, a => $"/api/catalog/products/{a.ProductId}"),

        // Agenda set-up.
        Get("/api/agenda/resources", Isolation.Listing, _ => "/api/agenda/resources"),
        WritesOwnTenant("POST", "/api/agenda/resources"),
        Write("PUT", "/api/agenda/resources/{id:int}", a => $"/api/agenda/resources/{a.ResourceId}",
            _ => new { name = "Cambiado por B", kind = "Staff", active = false }, _ => "/api/agenda/resources"),
        Get("/api/agenda/resources/{id:int}/working-hours", Isolation.OwnEntity, a => $"/api/agenda/resources/{a.ResourceId}/working-hours"),
        Write("PUT", "/api/agenda/resources/{id:int}/working-hours", a => $"/api/agenda/resources/{a.ResourceId}/working-hours",
            _ => new { periods = Array.Empty<object>() }, a => $"/api/agenda/resources/{a.ResourceId}/working-hours"),
        Get("/api/agenda/services", Isolation.Listing, _ => "/api/agenda/services"),
        WritesOwnTenant("POST", "/api/agenda/services"),
        Write("PUT", "/api/agenda/services/{id:int}", a => $"/api/agenda/services/{a.ServiceId}",
            _ => new { name = "Cambiado por B", durationMinutes = 60, resourceIds = Array.Empty<int>() }, _ => "/api/agenda/services"),
        Get("/api/agenda/closed-days", Isolation.Listing, _ => "/api/agenda/closed-days"),
        WritesOwnTenant("POST", "/api/agenda/closed-days"),
        Write("DELETE", "/api/agenda/closed-days/{id:int}", a => $"/api/agenda/closed-days/{a.ClosedDayId}", _ => NoBody, _ => "/api/agenda/closed-days"),
        Get("/api/agenda/settings", Isolation.Listing, _ => "/api/agenda/settings", _ => TenantA.TimeZone),
        WritesOwnTenant("PUT", "/api/agenda/settings"),
        Get("/api/agenda/availability", Isolation.OwnEntity, a => $"/api/agenda/availability?serviceId={a.ServiceId}&date=2031-06-02"),

        // Appointments.
        Get("/api/appointments/", Isolation.Listing, _ => "/api/appointments?from=2031-06-01&days=7"),
        Get("/api/appointments/{id:int}", Isolation.OwnEntity, a => $"/api/appointments/{a.AppointmentId}"),
        WritesOwnTenant("POST", "/api/appointments/"),
        Write("POST", "/api/appointments/{id:int}/reschedule", a => $"/api/appointments/{a.AppointmentId}/reschedule",
            _ => new { start = "2031-06-02T12:00:00+09:00" }, a => $"/api/appointments/{a.AppointmentId}"),
        Write("POST", "/api/appointments/{id:int}/cancel", a => $"/api/appointments/{a.AppointmentId}/cancel",
            _ => new { reason = "Cancelado por B" }, a => $"/api/appointments/{a.AppointmentId}"),

        // Orders.
        Get("/api/orders/", Isolation.Listing, _ => "/api/orders", a => $"\"id\":{a.OrderId},"),
        Get("/api/orders/{id:int}", Isolation.OwnEntity, a => $"/api/orders/{a.OrderId}"),
        Get("/api/orders/by-number/{number}", Isolation.OwnEntity, a => $"/api/orders/by-number/{a.OrderNumber}?customerId={a.CustomerId}"),
        WritesOwnTenant("POST", "/api/orders/"),
        Write("POST", "/api/orders/{id:int}/pay", a => $"/api/orders/{a.OrderId}/pay", _ => new { note = "Pagado por B" }, a => $"/api/orders/{a.OrderId}"),
        Write("POST", "/api/orders/{id:int}/ship", a => $"/api/orders/{a.OrderId}/ship", _ => new { trackingCode = "B-1" }, a => $"/api/orders/{a.OrderId}"),
        Write("POST", "/api/orders/{id:int}/deliver", a => $"/api/orders/{a.OrderId}/deliver", _ => NoBody, a => $"/api/orders/{a.OrderId}"),
        Write("POST", "/api/orders/{id:int}/cancel", a => $"/api/orders/{a.OrderId}/cancel", _ => new { reason = "Cancelado por B" }, a => $"/api/orders/{a.OrderId}"),

        // Tickets.
        Get("/api/tickets/", Isolation.Listing, _ => "/api/tickets"),
        Get("/api/tickets/{id:int}", Isolation.OwnEntity, a => $"/api/tickets/{a.TicketId}"),
        WritesOwnTenant("POST", "/api/tickets/"),
        Write("PUT", "/api/tickets/{id:int}", a => $"/api/tickets/{a.TicketId}",
            _ => new { subject = "Cambiado por B", description = "B", priority = "high" }, a => $"/api/tickets/{a.TicketId}"),
        Write("POST", "/api/tickets/{id:int}/comments", a => $"/api/tickets/{a.TicketId}/comments", _ => new { body = "Comentario de B" }, a => $"/api/tickets/{a.TicketId}"),
        Write("POST", "/api/tickets/{id:int}/reply", a => $"/api/tickets/{a.TicketId}/reply", _ => NoBody, a => $"/api/tickets/{a.TicketId}"),
        Write("POST", "/api/tickets/{id:int}/resolve", a => $"/api/tickets/{a.TicketId}/resolve", _ => NoBody, a => $"/api/tickets/{a.TicketId}"),
        Write("POST", "/api/tickets/{id:int}/close", a => $"/api/tickets/{a.TicketId}/close", _ => NoBody, a => $"/api/tickets/{a.TicketId}"),
        Write("POST", "/api/tickets/{id:int}/reopen", a => $"/api/tickets/{a.TicketId}/reopen", _ => NoBody, a => $"/api/tickets/{a.TicketId}"),

        // Connectors: one setting per tenant, no id in the path.
        Get("/api/connectors/", Isolation.Listing, _ => "/api/connectors", _ => TenantA.ConnectorKey),
        WritesOwnTenant("PUT", "/api/connectors/"),
        WritesOwnTenant("POST", "/api/connectors/test"),
        WritesOwnTenant("POST", "/api/connectors/sync"),
        Get("/api/connectors/status", Isolation.Listing, _ => "/api/connectors/status", _ => "\"kind\":\"erpnext\""),
    ];

    /// <summary>Routes with no tenant's data behind them, or that span the caller's tenants on purpose, each with why.</summary>
    public static readonly IReadOnlyDictionary<string, string> NotTenantScoped = new Dictionary<string, string>
    {
        ["* /health"] = "Readiness probe: anonymous, says nothing of any tenant.",
        ["* /alive"] = "Liveness probe: anonymous, says nothing of any tenant.",
        ["GET /account/login"] = "The sign-in page: anonymous by design.",
        ["POST /account/login"] = "The sign-in form: anonymous by design; the tenant comes from the credentials.",
        ["GET /account/logout"] = "The sign-out page: only ends the caller's own session.",
        ["POST /account/logout"] = "The sign-out form: only ends the caller's own session.",
        ["POST /api/identity/sign-in"] = "Anonymous by design; the tenant comes from the credentials.",
        ["POST /api/identity/sign-out"] = "Only ends the caller's own session.",
        ["GET /api/identity/me"] = "Describes the caller: the one tenant their credentials act for.",
        ["GET /api/identity/tenants/"] = "Lists the tenants the caller belongs to: spans them by design.",
        ["POST /api/identity/tenants/"] = "Founds a new tenant owned by the caller.",
        ["PUT /api/identity/tenants/current"] = "Switches among the caller's own tenants (membership checked there, see SignInTests).",
        ["* /hubs/agenda/negotiate"] = "SignalR: needs Read and joins only the caller's tenant group (see LiveAgendaTests).",
        ["* /hubs/agenda"] = "SignalR: needs Read and joins only the caller's tenant group (see LiveAgendaTests).",
        ["GET /"] = WebPage,
        ["POST /"] = WebPage,
        ["GET /agenda"] = WebPage,
        ["POST /agenda"] = WebPage,
        ["GET /agenda/setup"] = WebPage,
        ["POST /agenda/setup"] = WebPage,
        ["GET /connector"] = WebPage,
        ["POST /connector"] = WebPage,
        ["GET /customers"] = WebPage,
        ["POST /customers"] = WebPage,
        ["GET /catalog"] = WebPage,
        ["POST /catalog"] = WebPage,
        ["GET /orders"] = WebPage,
        ["POST /orders"] = WebPage,
        ["GET /orders/{Id:int}"] = WebPage,
        ["POST /orders/{Id:int}"] = WebPage,
        ["GET /team"] = WebPage,
        ["POST /team"] = WebPage,
        ["GET /tickets"] = WebPage,
        ["POST /tickets"] = WebPage,
        ["GET /tickets/{Id:int}"] = WebPage,
        ["POST /tickets/{Id:int}"] = WebPage,
        ["* /_blazor"] = WebCircuit,
        ["* /_blazor/negotiate"] = WebCircuit,
        ["* /_blazor/disconnect/"] = WebCircuit,
        ["* /_blazor/initializers/"] = WebCircuit,
        ["GET /_framework/opaque-redirect"] = "Blazor's redirect helper: carries no data.",
    };

    /// <summary>A write whose body links a customer; <see cref="Path"/> is where tenant B's admin sends it.</summary>
    public sealed record CustomerLink(string Method, string Pattern, Func<HttpClient, Task<string>> Path, Func<TenantA, int, object> Body);

    /// <summary>Every write that links a customer: tenant A's customer id is refused to B exactly like an unknown one.</summary>
    public static readonly IReadOnlyList<CustomerLink> CustomerLinks =
    [
        new("POST", "/api/orders/", _ => Task.FromResult("/api/orders"), (_, customerId) => new
        {
            customerId, currency = "ARS", lines = new[] { new { sku = "B-1", description = "Pedido de B", quantity = 1, unitPrice = 1m } },
        }),
        new("POST", "/api/tickets/", _ => Task.FromResult("/api/tickets"), (_, customerId) => new { subject = "Reclamo de B", customerId }),
        new("PUT", "/api/tickets/{id:int}", async b => $"/api/tickets/{await OpenTicketAsync(b)}",
            (_, customerId) => new { subject = "Reclamo de B", priority = "normal", customerId }),
        new("POST", "/api/appointments/", _ => Task.FromResult("/api/appointments"), (a, customerId) => new
        {
            serviceId = a.IntruderServiceId, start = "2031-06-02T10:00:00-03:00", customerId, customerName = "Turno de B",
        }),
    ];

    public static TheoryData<string, string> CustomerLinkRoutes
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var link in CustomerLinks)
            {
                data.Add(link.Method, link.Pattern);
            }
            return data;
        }
    }

    private const string WebPage =
        "A web app page: needs sign-in; its HTML is an empty shell (no prerendering) and its data comes over the circuit, for the member's tenant only (see Hub/Web).";

    private const string WebCircuit = "The web app's circuit: needs sign-in; its components act for the member's tenant only, through MemberSession (see Hub/Web).";

    public static TheoryData<string, string> TenantScopedRoutes => Routes(_ => true);

    public static TheoryData<string, string> OwnEntityRoutes => Routes(r => r.Isolation == Isolation.OwnEntity);

    public static TheoryData<string, string> ListingRoutes => Routes(r => r.Isolation == Isolation.Listing);

    [Fact]
    public void Every_mapped_route_is_checked_for_tenant_isolation_or_says_why_not()
    {
        var mapped = a.Hub.Services.GetServices<EndpointDataSource>()
            .SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(method => $"{method} {e.RoutePattern.RawText}"))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var listed = TenantScoped.Select(r => $"{r.Method} {r.Pattern}").Concat(NotTenantScoped.Keys).ToHashSet();

        var unlisted = mapped.Where(route => !listed.Contains(route)).ToList();
        var stale = listed.Where(route => !mapped.Contains(route)).ToList();

        Assert.True(unlisted.Count == 0,
            $"Add these routes to {nameof(TenantIsolationTests)}.{nameof(TenantScoped)} with their isolation check " +
            $"(or to {nameof(NotTenantScoped)} with the reason they need none):\n  {string.Join("\n  ", unlisted)}");
        Assert.True(stale.Count == 0, $"These listed routes are no longer mapped; remove them:\n  {string.Join("\n  ", stale)}");
    }

    [Theory]
    [MemberData(nameof(TenantScopedRoutes))]
    public async Task A_tenant_scoped_route_refuses_a_caller_without_credentials(string method, string pattern)
    {
        var route = Find(method, pattern);
        using var anonymous = a.Hub.CreateClient();

        using var request = Request(route, route.Body?.Invoke(a) ?? NoBody);
        using var response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(OwnEntityRoutes))]
    public async Task A_member_of_another_tenant_cannot_reach_or_change_tenant_As_entity(string method, string pattern)
    {
        var route = Find(method, pattern);
        var before = route.ReadBack is null ? null : await ReadAsync(a.Admin.Client, route.ReadBack(a));

        using var request = Request(route, route.Body?.Invoke(a));
        using var response = await a.Intruder.Client.SendAsync(request);

        HttpStatusCode[] refusals = method == "GET"
            ? [HttpStatusCode.Forbidden, HttpStatusCode.NotFound]
            : [HttpStatusCode.BadRequest, HttpStatusCode.Forbidden, HttpStatusCode.NotFound];
        Assert.True(refusals.Contains(response.StatusCode),
            $"{method} {route.Path(a)} as tenant B answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        if (before is not null)
        {
            Assert.Equal(before, await ReadAsync(a.Admin.Client, route.ReadBack!(a)));
        }
    }

    [Theory]
    [MemberData(nameof(ListingRoutes))]
    public async Task A_member_of_another_tenant_sees_none_of_tenant_As_data_in_a_listing(string method, string pattern)
    {
        var route = Find(method, pattern);
        var evidence = route.Evidence?.Invoke(a) ?? a.Marker;

        var seenByA = await ReadAsync(a.Admin.Client, route.Path(a));
        var seenByB = await ReadAsync(a.Intruder.Client, route.Path(a));

        Assert.Contains(evidence, seenByA, StringComparison.Ordinal);
        Assert.DoesNotContain(evidence, seenByB, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CustomerLinkRoutes))]
    public async Task A_member_of_another_tenant_cannot_link_tenant_As_customer_which_is_refused_like_an_unknown_one(string method, string pattern)
    {
        var link = CustomerLinks.Single(l => l.Method == method && l.Pattern == pattern);

        foreach (var customerId in new[] { a.CustomerId, int.MaxValue })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), await link.Path(a.Intruder.Client)) { Content = JsonContent.Create(link.Body(a, customerId)) };
            using var response = await a.Intruder.Client.SendAsync(request);

            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} with customer {customerId} answered {(int)response.StatusCode}: {body}");
            Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty("customerId", out _), $"No error for customerId: {body}");
        }
        Assert.DoesNotContain("Reclamo de B", await ReadAsync(a.Intruder.Client, "/api/tickets"), StringComparison.Ordinal);
        Assert.DoesNotContain("Pedido de B", await ReadAsync(a.Intruder.Client, "/api/orders"), StringComparison.Ordinal);
        Assert.DoesNotContain("Turno de B", await ReadAsync(a.Intruder.Client, "/api/appointments?from=2031-06-01&days=7"), StringComparison.Ordinal);
    }

    private static async Task<string> OpenTicketAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/tickets", new { subject = "Ticket propio de B" });
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static TheoryData<string, string> Routes(Func<TenantRoute, bool> which)
    {
        var data = new TheoryData<string, string>();
        foreach (var route in TenantScoped.Where(which))
        {
            data.Add(route.Method, route.Pattern);
        }
        return data;
    }

    private static TenantRoute Find(string method, string pattern) =>
        TenantScoped.Single(r => r.Method == method && r.Pattern == pattern);

    private HttpRequestMessage Request(TenantRoute route, object? body) =>
        new(new HttpMethod(route.Method), route.Path(a)) { Content = body is null || route.Method == "GET" ? null : JsonContent.Create(body) };

    private static async Task<string> ReadAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {body}");
        return body;
    }
}
