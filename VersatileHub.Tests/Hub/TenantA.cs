using System.Net.Http.Json;
using System.Text.Json;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub;

/// <summary>
/// A Hub with two tenants: A, holding one of every entity the Hub keeps (each named with <see cref="Marker"/>), and B,
/// whose admin is the intruder of <see cref="TenantIsolationTests"/>. Made once for the class, through A's admin over HTTP.
/// </summary>
public sealed class TenantA : IAsyncLifetime
{
    public HubFactory Hub { get; } = new();

    /// <summary>A word found in every name tenant A gives, and nowhere in tenant B.</summary>
    public string Marker { get; } = $"alfa{Guid.NewGuid().ToString("N")[..8]}";

    public const string TimeZone = "Asia/Tokyo";

    /// <summary>The ERPNext API key of tenant A's connector setting (the site is never called).</summary>
    public const string ConnectorKey = "alfa-erp-key";

    public HubMember Admin { get; private set; } = null!;

    public HubMember Intruder { get; private set; } = null!;

    public int CustomerId { get; private set; }
    public int CategoryId { get; private set; }
    public int ProductId { get; private set; }
    public int VariantId { get; private set; }
    public int ResourceId { get; private set; }
    public int ServiceId { get; private set; }
    public int ClosedDayId { get; private set; }
    public int AppointmentId { get; private set; }
    public int OrderId { get; private set; }
    public string OrderNumber { get; private set; } = null!;
    public int TicketId { get; private set; }
    public int TokenId { get; private set; }

    /// <summary>A service of tenant B's own (no <see cref="Marker"/>), free every day 08:00–20:00 in B's time zone, for B to book.</summary>
    public int IntruderServiceId { get; private set; }

    public async Task InitializeAsync()
    {
        await Hub.InitializeAsync();
        Admin = await HubApi.CreateTenantWithMemberAsync(Hub, "admin");
        Intruder = await HubApi.CreateTenantWithMemberAsync(Hub, "admin");
        var a = Admin.Client;

        await PostAsync(a, "/api/agenda/settings", new { timeZone = TimeZone }, HttpMethod.Put);
        CustomerId = Id(await PostAsync(a, "/api/customers", new { name = $"Cliente {Marker}" }));
        CategoryId = Id(await PostAsync(a, "/api/catalog/categories", new { name = $"Categoría {Marker}" }));
        ProductId = Id(await PostAsync(a, "/api/catalog/products",
            new { name = $"Zapatilla {Marker}", price = 100m, currency = "ARS", categoryId = CategoryId }));
        var product = await PostAsync(a, $"/api/catalog/products/{ProductId}/variants", new { sku = $"SKU-{Marker}", stock = 3 });
        VariantId = product.GetProperty("variants")[0].GetProperty("id").GetInt32();
        ResourceId = Id(await PostAsync(a, "/api/agenda/resources", new { name = $"Estilista {Marker}", kind = "Staff" }));
        await PostAsync(a, $"/api/agenda/resources/{ResourceId}/working-hours", new
        {
            periods = Enum.GetValues<DayOfWeek>().Select(day => new { day = day.ToString(), from = "08:00", to = "20:00" }),
        }, HttpMethod.Put);
        ServiceId = Id(await PostAsync(a, "/api/agenda/services",
            new { name = $"Corte {Marker}", durationMinutes = 30, resourceIds = new[] { ResourceId } }));
        ClosedDayId = Id(await PostAsync(a, "/api/agenda/closed-days", new { date = "2031-12-25", reason = $"Navidad {Marker}" }));
        AppointmentId = Id(await PostAsync(a, "/api/appointments", new
        {
            serviceId = ServiceId, start = "2031-06-02T10:00:00+09:00", customerId = CustomerId, customerName = $"Cliente {Marker}",
        }));
        var order = await PostAsync(a, "/api/orders", new
        {
            customerId = CustomerId,
            currency = "ARS",
            lines = new[] { new { sku = $"SKU-{Marker}", description = $"Zapatilla {Marker}", quantity = 1, unitPrice = 100m } },
        });
        OrderId = Id(order);
        OrderNumber = order.GetProperty("number").GetString()!;
        TicketId = Id(await PostAsync(a, "/api/tickets", new { subject = $"Reclamo {Marker}", description = $"Detalle {Marker}" }));
        TokenId = Id(await PostAsync(a, "/api/identity/tokens", new { name = $"token {Marker}" }));
        await PostAsync(a, "/api/connectors", new { kind = "erpnext", baseUrl = "http://127.0.0.1:9/", key = ConnectorKey, secret = "alfa-secret" }, HttpMethod.Put);

        var b = Intruder.Client;
        var intrudersResource = Id(await PostAsync(b, "/api/agenda/resources", new { name = "Estilista de B", kind = "Staff" }));
        await PostAsync(b, $"/api/agenda/resources/{intrudersResource}/working-hours", new
        {
            periods = Enum.GetValues<DayOfWeek>().Select(day => new { day = day.ToString(), from = "08:00", to = "20:00" }),
        }, HttpMethod.Put);
        IntruderServiceId = Id(await PostAsync(b, "/api/agenda/services", new { name = "Corte de B", durationMinutes = 30, resourceIds = new[] { intrudersResource } }));
    }

    private static int Id(JsonElement created) => created.GetProperty("id").GetInt32();

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        return await (await client.SendAsync(request)).ReadAsync<JsonElement>();
    }

    public async Task DisposeAsync()
    {
        Admin?.Client.Dispose();
        Intruder?.Client.Dispose();
        await ((IAsyncLifetime)Hub).DisposeAsync();
    }
}
