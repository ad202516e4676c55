using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Customers;
using VersatileHub.ServiceDefaults.Tenancy;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Customers;

public sealed class CustomerDirectoryTests(HubFactory factory) : IClassFixture<HubFactory>, IDisposable
{
    private static int _nextTenant = 100;
    private readonly List<IServiceScope> _scopes = [];

    public void Dispose()
    {
        _scopes.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task Phones_typed_in_any_format_are_stored_in_E164_with_Argentina_as_the_default_region()
    {
        var customers = Directory(NewTenant());

        var customer = await customers.CreateAsync(
            new CustomerInput("Lucía Pérez", Phones: ["011 15-4444-5555", "+1 (650) 253-0000"], Emails: ["Lucia.Perez@Example.COM"]),
            CancellationToken.None);

        Assert.Equal(["+16502530000", "+5491144445555"], customer.Phones);
        Assert.Equal(["lucia.perez@example.com"], customer.Emails);
    }

    [Fact]
    public async Task An_invalid_phone_is_refused_naming_the_field()
    {
        var customers = Directory(NewTenant());

        var error = await Assert.ThrowsAsync<InvalidFieldException>(() =>
            customers.CreateAsync(new CustomerInput("Ana", Phones: ["+54 9 11 4444-5555", "12"]), CancellationToken.None));

        Assert.Equal("phones[1]", error.Field);
    }

    [Fact]
    public async Task An_invalid_email_or_a_missing_name_is_refused_naming_the_field()
    {
        var customers = Directory(NewTenant());

        var email = await Assert.ThrowsAsync<InvalidFieldException>(() =>
            customers.CreateAsync(new CustomerInput("Ana", Emails: ["ana@"]), CancellationToken.None));
        var name = await Assert.ThrowsAsync<InvalidFieldException>(() =>
            customers.CreateAsync(new CustomerInput("  "), CancellationToken.None));

        Assert.Equal("emails[0]", email.Field);
        Assert.Equal("name", name.Field);
    }

    [Fact]
    public async Task A_phone_belongs_to_one_customer_per_tenant_but_other_tenants_may_have_it_too()
    {
        var tenant = NewTenant();
        await Directory(tenant).CreateAsync(new CustomerInput("Ana", Phones: ["+54 9 11 4444-0001"]), CancellationToken.None);

        await Assert.ThrowsAsync<ConflictException>(() =>
            Directory(tenant).CreateAsync(new CustomerInput("Otra Ana", Phones: ["011 15 4444-0001"]), CancellationToken.None));
        var elsewhere = await Directory(NewTenant()).CreateAsync(new CustomerInput("Ana", Phones: ["+5491144440001"]), CancellationToken.None);

        Assert.Equal(["+5491144440001"], elsewhere.Phones);
    }

    [Fact]
    public async Task Search_finds_by_name_without_accents_by_phone_in_another_format_and_by_email_in_any_case()
    {
        var tenant = NewTenant();
        var jose = await Directory(tenant).CreateAsync(
            new CustomerInput("José Martínez", Phones: ["+54 9 351 555-1234"], Emails: ["jose@example.com"]), CancellationToken.None);
        await Directory(tenant).CreateAsync(new CustomerInput("María Gómez", Phones: ["+54 9 11 5555-9999"]), CancellationToken.None);

        Assert.Equal([jose.Id], await FoundAsync(tenant, "jose martinez"));
        Assert.Equal([jose.Id], await FoundAsync(tenant, "0351 15 555-1234"));
        Assert.Equal([jose.Id], await FoundAsync(tenant, "JOSE@EXAMPLE.COM"));
        Assert.Empty(await FoundAsync(tenant, "Pedro"));
        Assert.Empty(await FoundAsync(NewTenant(), "José"));
    }

    [Fact]
    public async Task Listing_pages_by_name()
    {
        var tenant = NewTenant();
        foreach (var name in new[] { "Carla", "Ana", "Berta" })
        {
            await Directory(tenant).CreateAsync(new CustomerInput(name), CancellationToken.None);
        }

        var second = await Directory(tenant).ListAsync(null, page: 2, pageSize: 2, CancellationToken.None);

        Assert.Equal(3, second.Total);
        Assert.Equal(["Carla"], second.Items.Select(c => c.Name));
        Assert.Equal("pageSize", (await Assert.ThrowsAsync<InvalidFieldException>(() =>
            Directory(tenant).ListAsync(null, 1, 1000, CancellationToken.None))).Field);
    }

    [Fact]
    public async Task An_update_based_on_a_stale_version_is_a_conflict_and_changes_nothing()
    {
        var tenant = NewTenant();
        var created = await Directory(tenant).CreateAsync(new CustomerInput("Ana", Phones: ["+54 9 11 4444-0002"]), CancellationToken.None);
        var updated = await Directory(tenant).UpdateAsync(
            created.Id, new CustomerInput("Ana María", Phones: ["+54 9 11 4444-0003"], Tags: ["vip"]), created.Version, CancellationToken.None);

        await Assert.ThrowsAsync<ConflictException>(() =>
            Directory(tenant).UpdateAsync(created.Id, new CustomerInput("Ana Stale"), created.Version, CancellationToken.None));

        var stored = await Directory(tenant).GetAsync(created.Id, CancellationToken.None);
        Assert.Equal("Ana María", stored!.Name);
        Assert.Equal(["+5491144440003"], stored.Phones);
        Assert.Equal(["vip"], stored.Tags);
        Assert.NotEqual(created.Version, updated!.Version);
    }

    [Fact]
    public async Task Another_tenants_customer_cannot_be_read_changed_or_deleted()
    {
        var created = await Directory(NewTenant()).CreateAsync(new CustomerInput("Ana"), CancellationToken.None);
        var intruder = NewTenant();

        Assert.Null(await Directory(intruder).GetAsync(created.Id, CancellationToken.None));
        Assert.Null(await Directory(intruder).UpdateAsync(created.Id, new CustomerInput("Mine"), null, CancellationToken.None));
        Assert.False(await Directory(intruder).DeleteAsync(created.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Creating_and_updating_publish_customer_events()
    {
        var tenant = NewTenant();
        var created = await Directory(tenant).CreateAsync(new CustomerInput("Evento"), CancellationToken.None);
        await Directory(tenant).UpdateAsync(created.Id, new CustomerInput("Evento 2"), null, CancellationToken.None);

        var stream = $"{factory.Redis.KeyPrefix}events:hub";
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string[] types = [];
        while (DateTime.UtcNow < deadline && !(types.Contains("customer.created") && types.Contains("customer.updated")))
        {
            await Task.Delay(50);
            var entries = await factory.Redis.Database.StreamRangeAsync(stream);
            types = entries.SelectMany(e => e.Values).Select(v => v.Value.ToString())
                .Where(v => v.Contains($"\"subject\":\"{created.Id}\"", StringComparison.Ordinal))
                .SelectMany(v => new[] { "customer.created", "customer.updated" }.Where(t => v.Contains($"\"{t}\"", StringComparison.Ordinal)))
                .ToArray();
        }

        Assert.Contains("customer.created", types);
        Assert.Contains("customer.updated", types);
    }

    private async Task<List<int>> FoundAsync(int tenant, string search) =>
        (await Directory(tenant).ListAsync(search, null, null, CancellationToken.None)).Items.Select(c => c.Id).ToList();

    private static int NewTenant() => Interlocked.Increment(ref _nextTenant);

    /// <summary>The directory of a new request scope acting for <paramref name="tenant"/>, as an authenticated request would get it.</summary>
    private CustomerDirectory Directory(int tenant)
    {
        var scope = factory.Services.CreateScope();
        _scopes.Add(scope);
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(tenant);
        return scope.ServiceProvider.GetRequiredService<CustomerDirectory>();
    }
}
