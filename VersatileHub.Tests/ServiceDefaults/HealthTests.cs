using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using VersatileHub.Hub;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.ServiceDefaults;

public sealed class HealthTests : IAsyncLifetime
{
    private OwnPostgresServer _postgres = null!;
    private TestRedis _redis = null!;
    private WebApplicationFactory<HubEntryPoint> _hub = null!;

    public async Task InitializeAsync()
    {
        _postgres = await OwnPostgresServer.StartNewAsync();
        _redis = await TestRedis.CreateAsync();
        _hub = new WebApplicationFactory<HubEntryPoint>().WithWebHostBuilder(host =>
        {
            host.UseEnvironment("Testing");
            host.UseSetting("ConnectionStrings:hubdb", _postgres.ConnectionString("hubdb"));
            host.UseSetting("ConnectionStrings:redis", TestServers.Redis);
            host.UseSetting("EventBus:KeyPrefix", _redis.KeyPrefix);
        });
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _redis.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task Health_turns_unhealthy_while_the_services_PostgreSQL_is_stopped_and_alive_stays_healthy()
    {
        var client = _hub.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        await _postgres.StopAsync();

        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var checks = await ChecksAsync(health);
        Assert.Equal("Unhealthy", checks["hubdb"]);
        Assert.Equal("Healthy", checks["redis"]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);

        await _postgres.StartAsync();

        await EventuallyHealthyAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
    }

    private static async Task<Dictionary<string, string?>> ChecksAsync(HttpResponseMessage response)
    {
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return report.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
    }

    private static async Task EventuallyHealthyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        HttpStatusCode status;
        while ((status = (await client.GetAsync("/health")).StatusCode) != HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
