using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using VersatileHub.Tests.Fakes.Frappe;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Connectors;

/// <summary>The Hub with every ERPNext call bounded at 2 s, so that the timeout spec is quick.</summary>
public sealed class ErpnextHubFactory : HubFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Connectors:Erpnext:Timeout", "00:00:02");
    }
}

/// <summary>Pulling from, and pushing to, an ERPNext site (a fake Frappe server speaking its REST shapes).</summary>
public sealed class ErpnextSyncTests(ErpnextHubFactory hub) : IClassFixture<ErpnextHubFactory>, IAsyncLifetime
{
    private HubFactory Hub => hub;
    private FakeFrappe _erp = null!;
    private HubMember _admin = null!;

    public async Task InitializeAsync()
    {
        _erp = await FakeFrappe.StartAsync();
        _admin = await HubApi.CreateTenantWithMemberAsync(Hub, "admin");
        var put = await _admin.Client.PutAsJsonAsync("/api/connectors",
            new { kind = "erpnext", baseUrl = _erp.BaseUrl.ToString(), key = _erp.ApiKey, secret = _erp.ApiSecret, syncIntervalMinutes = 1440 });
        put.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _erp.DisposeAsync();

    [Fact]
    public async Task A_pull_brings_customers_items_with_price_and_stock_sales_orders_and_issues_into_the_hub()
    {
        _erp.Insert("Customer", new { name = "CUST-0001", customer_name = "Lucía Fernández", mobile_no = "+5491155550101", email_id = "lucia@example.com", tax_id = "20-12345678-9" });
        _erp.Insert("Item", new { name = "PUNTA-37", item_code = "PUNTA-37", item_name = "Puntas de danza", description = "<p>Satén</p>", has_variants = 0, disabled = 0 });
        _erp.Insert("Item Price", new { item_code = "PUNTA-37", price_list = "Standard Selling", price_list_rate = 45000.5, currency = "ARS" });
        _erp.Insert("Item Price", new { item_code = "PUNTA-37", price_list = "Standard Buying", price_list_rate = 1, currency = "ARS" });
        _erp.Insert("Bin", new { item_code = "PUNTA-37", warehouse = "Stores - VH", actual_qty = 3.0 });
        _erp.Insert("Bin", new { item_code = "PUNTA-37", warehouse = "Showroom - VH", actual_qty = 2.0 });
        _erp.Insert("Sales Order", new
        {
            name = "SAL-ORD-2026-00001", customer = "CUST-0001", currency = "ARS", status = "To Deliver", docstatus = 1, per_delivered = 0, per_billed = 100,
            items = new[] { new { item_code = "PUNTA-37", item_name = "Puntas de danza", qty = 1, rate = 45000.5 } },
        });
        _erp.Insert("Issue", new { name = "ISS-2026-00001", subject = "Talle equivocado", description = "<div>Llegó un 36</div>", status = "Replied", priority = "High", customer = "CUST-0001" });

        var result = await SyncAsync();

        Assert.True(result.GetProperty("succeeded").GetBoolean(), result.ToString());
        var customer = (await GetAsync("/api/customers?q=lucia@example.com")).GetProperty("items")[0];
        Assert.Equal("Lucía Fernández", customer.GetProperty("name").GetString());
        Assert.Equal("+5491155550101", customer.GetProperty("phones")[0].GetString());
        Assert.Equal("20-12345678-9", customer.GetProperty("taxId").GetString());

        var product = (await GetAsync("/api/catalog/products")).GetProperty("items")[0];
        Assert.Equal("Puntas de danza", product.GetProperty("name").GetString());
        Assert.Equal(45000.5m, product.GetProperty("price").GetProperty("amount").GetDecimal());
        Assert.Equal("ARS", product.GetProperty("price").GetProperty("currency").GetString());
        var variant = product.GetProperty("variants")[0];
        Assert.Equal("PUNTA-37", variant.GetProperty("sku").GetString());
        Assert.Equal(5, variant.GetProperty("stock").GetInt32());

        var order = await GetAsync($"/api/orders/by-number/SAL-ORD-2026-00001?customerId={customer.GetProperty("id").GetInt32()}");
        Assert.Equal("paid", order.GetProperty("status").GetString());
        Assert.Equal(45000.5m, order.GetProperty("total").GetDecimal());

        var ticket = (await GetAsync("/api/tickets")).GetProperty("items")[0];
        Assert.Equal("Talle equivocado", ticket.GetProperty("subject").GetString());
        Assert.Equal("replied", ticket.GetProperty("status").GetString());
        Assert.Equal("high", ticket.GetProperty("priority").GetString());
    }

    [Fact]
    public async Task A_second_pull_asks_only_for_what_changed_and_applies_it()
    {
        _erp.Insert("Customer", new { name = "CUST-0001", customer_name = "Ana", mobile_no = "+5491155550201" });
        _erp.Insert("Customer", new { name = "CUST-0002", customer_name = "Bruno", mobile_no = "+5491155550202" });
        await SyncAsync();
        _erp.Change("Customer", "CUST-0002", c => c["customer_name"] = "Bruno Díaz");

        var result = await SyncAsync();

        var counts = result.GetProperty("documents").GetProperty("Customer");
        Assert.Equal(0, counts.GetProperty("created").GetInt32());
        Assert.Equal(1, counts.GetProperty("updated").GetInt32());
        Assert.Equal(0, counts.GetProperty("unchanged").GetInt32());
        Assert.Equal("Bruno Díaz", (await GetAsync("/api/customers?q=Bruno")).GetProperty("items")[0].GetProperty("name").GetString());
        Assert.Equal(2, (await GetAsync("/api/customers")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_hub_customer_change_reaches_erpnext_and_a_pulled_change_does_not_bounce_back()
    {
        _erp.Insert("Customer", new { name = "CUST-0001", customer_name = "Carla", mobile_no = "+5491155550301" });
        await SyncAsync();
        var modifiedAfterPull = _erp.Get("Customer", "CUST-0001")!["modified"]!.GetValue<string>();
        var created = await (await _admin.Client.PostAsJsonAsync("/api/customers", new { name = "Diego Local", phones = new[] { "+5491155550302" } })).ReadAsync<JsonElement>();

        var pushed = await EventuallyAsync(() => _erp.All("Customer").FirstOrDefault(c => c["customer_name"]?.GetValue<string>() == "Diego Local"));

        Assert.Equal("+5491155550302", pushed["mobile_no"]!.GetValue<string>());
        Assert.True(created.GetProperty("id").GetInt32() > 0);
        // The pulled customer's own customer.created event went through the same handler and was not sent back.
        Assert.Equal(modifiedAfterPull, _erp.Get("Customer", "CUST-0001")!["modified"]!.GetValue<string>());
        Assert.DoesNotContain(_erp.Requests, r => r == "PUT /api/resource/Customer/CUST-0001");
    }

    [Fact]
    public async Task A_local_change_waiting_to_be_pushed_is_not_overwritten_by_an_older_remote_change()
    {
        _erp.Insert("Customer", new { name = "CUST-0001", customer_name = "Elena", mobile_no = "+5491155550401" });
        await SyncAsync();
        // ERPNext changes the customer (its clock is in 2026-01, long before the Hub's now); then ERPNext goes down and a local edit waits.
        _erp.Change("Customer", "CUST-0001", c => c["customer_name"] = "Elena (ERP)");
        _erp.FailWith(503, "ServiceUnavailable", "Mantenimiento");
        var local = (await GetAsync("/api/customers?q=Elena")).GetProperty("items")[0];
        (await _admin.Client.PutAsJsonAsync($"/api/customers/{local.GetProperty("id").GetInt32()}",
            new { name = "Elena (Hub)", phones = new[] { "+5491155550401" } })).EnsureSuccessStatusCode();
        await EventuallyAsync(async () => (await GetAsync("/api/connectors/status")).GetProperty("lastError").GetString());
        _erp.Recover();

        var result = await SyncAsync();

        Assert.Equal(1, result.GetProperty("documents").GetProperty("Customer").GetProperty("keptLocal").GetInt32());
        Assert.Equal("Elena (Hub)", (await GetAsync("/api/customers?q=Elena")).GetProperty("items")[0].GetProperty("name").GetString());
        Assert.Equal("Elena (Hub)", _erp.Get("Customer", "CUST-0001")!["customer_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_frappe_error_response_becomes_the_connectors_last_error()
    {
        _erp.FailWith(417, "ValidationError", "El campo <b>Cliente</b> es obligatorio");

        var result = await SyncAsync();
        var status = await GetAsync("/api/connectors/status");

        Assert.False(result.GetProperty("succeeded").GetBoolean());
        var error = status.GetProperty("lastError").GetString();
        Assert.Contains("HTTP 417, ValidationError", error, StringComparison.Ordinal);
        Assert.Contains("El campo Cliente es obligatorio", error, StringComparison.Ordinal);
        Assert.True(status.TryGetProperty("lastErrorAt", out var at) && at.ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task A_hanging_erpnext_times_out_with_a_clear_error_and_the_native_api_keeps_answering()
    {
        _erp.Hang();

        var sync = _admin.Client.PostAsync("/api/connectors/sync", null);
        var customers = await _admin.Client.GetAsync("/api/customers");
        var created = await _admin.Client.PostAsJsonAsync("/api/tickets", new { subject = "Mientras ERPNext no responde", description = "" });
        var result = await (await sync).ReadAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, customers.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.False(result.GetProperty("succeeded").GetBoolean());
        Assert.Contains("did not answer within 2 s", result.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("did not answer", (await GetAsync("/api/connectors/status")).GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> SyncAsync() => await (await _admin.Client.PostAsync("/api/connectors/sync", null)).ReadAsync<JsonElement>();

    private async Task<JsonElement> GetAsync(string path) => await (await _admin.Client.GetAsync(path)).ReadAsync<JsonElement>();

    private static async Task<T> EventuallyAsync<T>(Func<T?> probe) => await EventuallyAsync(() => Task.FromResult(probe()));

    /// <summary>Event handling is asynchronous: waits (up to 20 s) for the effect.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException("The expected effect did not happen within 20 s.");
    }
}
