using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using VersatileHub.Hub.Connectors.TiendaNube;
using VersatileHub.Tests.Fakes.TiendaNube;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Connectors.TiendaNube;

/// <summary>
/// The Hub with a fake Tienda Nube store: tenants are made and their connector set through <see cref="Hub"/> (the plain
/// Hub), and read through <see cref="Stores"/>, the same Hub on the same database whose cache judges freshness by
/// <see cref="Clock"/>. Calls to the store give up after <see cref="StoreTimeout"/>.
/// </summary>
public sealed class TiendaNubeHub : IAsyncLifetime
{
    public static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(1);

    public HubFactory Hub { get; } = new();

    public WebApplicationFactory<VersatileHub.Hub.HubEntryPoint> Stores { get; private set; } = null!;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public FakeTiendaNube Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Hub.InitializeAsync();
        Store = await FakeTiendaNube.StartAsync();
        Stores = Hub.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Connectors:TiendaNube:CacheKeyPrefix", $"{Hub.Redis.KeyPrefix}tn:");
            builder.UseSetting("Connectors:TiendaNube:Timeout", StoreTimeout.ToString());
            builder.UseSetting("Connectors:TiendaNube:UserAgent", "VersatileHub tests (tests@versatilehub.test)");
            builder.ConfigureTestServices(services =>
            {
                services.Replace(ServiceDescriptor.Singleton(provider => ActivatorUtilities.CreateInstance<StoreReadCache>(provider, (TimeProvider)Clock)));
            });
        });
    }

    /// <summary>A new tenant whose catalog and orders are read from <see cref="Store"/>, and a client of its admin.</summary>
    public async Task<(HubMember Admin, HttpClient Client)> TenantReadingTheStoreAsync()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(Hub, "admin");
        await ReadFromAsync(admin, Store);
        return (admin, ClientOf(admin));
    }

    /// <summary>The admin sets the tenant's connector to <paramref name="store"/> through the connector settings API.</summary>
    public static async Task ReadFromAsync(HubMember admin, FakeTiendaNube store, string? accessToken = null)
    {
        var response = await admin.Client.PutAsJsonAsync("/api/connectors", new
        {
            kind = "tiendanube",
            baseUrl = store.BaseUrl.ToString(),
            key = store.StoreId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            secret = accessToken ?? store.AccessToken,
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A client of <see cref="Stores"/> carrying the member's access token.</summary>
    public HttpClient ClientOf(HubMember member)
    {
        var client = Stores.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add(HubApi.AccessTokenHeader, member.Client.DefaultRequestHeaders.GetValues(HubApi.AccessTokenHeader).Single());
        return client;
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await Stores.DisposeAsync();
        await ((IAsyncLifetime)Hub).DisposeAsync();
    }
}
