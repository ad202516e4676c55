using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using VersatileHub.Tests.Fakes.Frappe;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Connectors;

/// <summary>The connector settings API: write-only secrets encrypted at rest, validation, roles, concurrency, test connection.</summary>
public sealed class ConnectorSettingsTests(HubFactory hub) : IClassFixture<HubFactory>, IAsyncLifetime
{
    private const string Secret = "s3cr3t-that-must-never-show";

    private FakeFrappe _erp = null!;

    public async Task InitializeAsync() => _erp = await FakeFrappe.StartAsync(apiSecret: Secret);

    public async Task DisposeAsync() => await _erp.DisposeAsync();

    [Fact]
    public async Task A_tenant_without_a_setting_uses_the_native_connector()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(hub, "admin");

        var setting = await (await admin.Client.GetAsync("/api/connectors")).ReadAsync<JsonElement>();

        Assert.Equal("native", setting.GetProperty("kind").GetString());
        Assert.False(setting.GetProperty("hasSecret").GetBoolean());
    }

    [Fact]
    public async Task The_secret_is_never_returned_and_is_stored_encrypted()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(hub, "admin");

        var put = await admin.Client.PutAsJsonAsync("/api/connectors", Erpnext(Secret));
        var putBody = await put.Content.ReadAsStringAsync();
        var getBody = await admin.Client.GetStringAsync("/api/connectors");
        var statusBody = await admin.Client.GetStringAsync("/api/connectors/status");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Contains("\"hasSecret\":true", getBody, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"erpnext\"", getBody, StringComparison.Ordinal);
        foreach (var body in new[] { putBody, getBody, statusBody })
        {
            Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
            Assert.DoesNotContain("\"secret\"", body, StringComparison.OrdinalIgnoreCase);
        }
        var stored = await StoredSecretAsync(admin.TenantId);
        Assert.False(string.IsNullOrEmpty(stored));
        Assert.DoesNotContain(Secret, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_omitted_secret_keeps_the_stored_one()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(hub, "admin");
        await admin.Client.PutAsJsonAsync("/api/connectors", Erpnext(Secret));
        var before = await StoredSecretAsync(admin.TenantId);

        var put = await admin.Client.PutAsJsonAsync("/api/connectors", Erpnext(secret: null) with { Key = "another-key" });
        var check = await (await admin.Client.PostAsync("/api/connectors/test", null)).ReadAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(before, await StoredSecretAsync(admin.TenantId));
        // The stored secret is still used: only the key changed, and the fake refuses that key.
        Assert.False(check.GetProperty("succeeded").GetBoolean());
    }

    [Theory]
    [InlineData("erpnext", "not a url", "key", "secret", "baseUrl")]
    [InlineData("erpnext", "ftp://erp.example", "key", "secret", "baseUrl")]
    [InlineData("erpnext", null, "key", "secret", "baseUrl")]
    [InlineData("erpnext", "https://erp.example", "", "secret", "key")]
    [InlineData("erpnext", "https://erp.example", "key", null, "secret")]
    [InlineData("sap", "https://erp.example", "key", "secret", "kind")]
    public async Task Invalid_settings_are_refused_naming_the_field(string kind, string? baseUrl, string key, string? secret, string field)
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(hub, "admin");

        var response = await admin.Client.PutAsJsonAsync("/api/connectors", new SettingBody(kind, baseUrl, key, secret));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal("native", (await (await admin.Client.GetAsync("/api/connectors")).ReadAsync<JsonElement>()).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task An_edit_based_on_an_old_version_is_a_conflict()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(hub, "admin");
        var first = await (await admin.Client.PutAsJsonAsync("/api/connectors", Erpnext(Secret))).ReadAsync<JsonElement>();
        var version = first.GetProperty("version").GetUInt32();
        await admin.Client.PutAsJsonAsync("/api/connectors", Erpnext(null) with { Key = "second", Version = version });

        var stale = await admin.Client.PutAsJsonAsync("/api/connectors", Erpnext(null) with { Key = "third", Version = version });

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("second", (await (await admin.Client.GetAsync("/api/connectors")).ReadAsync<JsonElement>()).GetProperty("key").GetString());
    }

    [Theory]
    [InlineData("agent")]
    [InlineData("viewer")]
    public async Task Only_admins_read_or_change_the_setting_while_every_member_sees_the_status(string role)
    {
        var member = await HubApi.CreateTenantWithMemberAsync(hub, role);

        Assert.Equal(HttpStatusCode.Forbidden, (await member.Client.GetAsync("/api/connectors")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Client.PutAsJsonAsync("/api/connectors", Erpnext(Secret))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Client.PostAsync("/api/connectors/test", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.Client.GetAsync("/api/connectors/status")).StatusCode);
    }

    [Fact]
    public async Task Another_tenant_does_not_see_the_setting()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(hub, "admin");
        var other = await HubApi.CreateTenantWithMemberAsync(hub, "admin");
        await admin.Client.PutAsJsonAsync("/api/connectors", Erpnext(Secret));

        var seen = await (await other.Client.GetAsync("/api/connectors")).ReadAsync<JsonElement>();

        Assert.Equal("native", seen.GetProperty("kind").GetString());
        Assert.False(seen.GetProperty("hasSecret").GetBoolean());
    }

    [Fact]
    public async Task A_settings_change_is_published_without_the_secret()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(hub, "admin");

        await admin.Client.PutAsJsonAsync("/api/connectors", Erpnext(Secret));

        var stream = hub.Redis.KeyPrefix + "events:hub";
        string? published = null;
        for (var attempt = 0; attempt < 100 && published is null; attempt++)
        {
            published = (await hub.Redis.Database.StreamRangeAsync(stream))
                .SelectMany(e => e.Values).Select(v => v.Value.ToString())
                .FirstOrDefault(v => v.Contains("connector.updated", StringComparison.Ordinal) && v.Contains($"\"tenant\":{admin.TenantId},", StringComparison.Ordinal));
            await Task.Delay(50);
        }
        Assert.NotNull(published);
        Assert.Contains("\"hasSecret\":true", published, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, published, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_connection_succeeds_with_the_stored_token()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(hub, "admin");
        await admin.Client.PutAsJsonAsync("/api/connectors", Erpnext(Secret));

        var check = await (await admin.Client.PostAsync("/api/connectors/test", null)).ReadAsync<JsonElement>();

        Assert.True(check.GetProperty("succeeded").GetBoolean(), check.ToString());
        Assert.Contains("GET /api/method/frappe.auth.get_logged_user", _erp.Requests);
    }

    [Fact]
    public async Task Test_connection_with_a_bad_token_says_the_key_or_secret_was_refused()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(hub, "admin");

        var response = await admin.Client.PostAsJsonAsync("/api/connectors/test", new SettingBody("erpnext", _erp.BaseUrl.ToString(), _erp.ApiKey, "wrong"));
        var check = await response.ReadAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(check.GetProperty("succeeded").GetBoolean());
        Assert.Contains("refused the key or secret", check.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("AuthenticationError", check.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_connection_to_an_unreachable_site_says_so()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(hub, "admin");

        var check = await (await admin.Client.PostAsJsonAsync("/api/connectors/test",
            new SettingBody("erpnext", "http://127.0.0.1:9/", "key", "secret"))).ReadAsync<JsonElement>();

        Assert.False(check.GetProperty("succeeded").GetBoolean());
        Assert.Contains("Could not reach ERPNext", check.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private SettingBody Erpnext(string? secret) => new("erpnext", _erp.BaseUrl.ToString(), _erp.ApiKey, secret);

    private async Task<string?> StoredSecretAsync(int tenantId)
    {
        await using var connection = new NpgsqlConnection(hub.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT protected_secret FROM connector_settings WHERE tenant_id = @tenant", connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        return await command.ExecuteScalarAsync() as string;
    }

    private sealed record SettingBody(string Kind, string? BaseUrl, string? Key, string? Secret, uint? Version = null);
}
