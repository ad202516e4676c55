using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VersatileHub.ServiceDefaults.Tenancy;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Agent.Knowledge;

/// <summary>
/// The real Hub (identity) and the Agent in memory, the Agent signing its callers in through the Hub, with a clock the
/// specs move. Tenant A has an admin and a viewer; tenant B's admin is the intruder.
/// </summary>
public sealed class KnowledgeWorld : IAsyncLifetime
{
    public HubFactory Hub { get; } = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2031, 3, 2, 12, 0, 0, TimeSpan.Zero));

    public AgentFactory Agent { get; private set; } = null!;

    /// <summary>Tenant A's admin, calling the Agent with their access token.</summary>
    public HttpClient Admin { get; private set; } = null!;

    /// <summary>Tenant A's viewer.</summary>
    public HttpClient Viewer { get; private set; } = null!;

    /// <summary>Tenant B's admin.</summary>
    public HttpClient Intruder { get; private set; } = null!;

    public int TenantA { get; private set; }

    public int TenantB { get; private set; }

    public async Task InitializeAsync()
    {
        await Hub.InitializeAsync();
        Agent = new AgentFactory { Hub = Hub, Time = Clock };
        await ((IAsyncLifetime)Agent).InitializeAsync();
        var admin = await HubApi.CreateTenantWithMemberAsync(Hub, "admin");
        var intruder = await HubApi.CreateTenantWithMemberAsync(Hub, "admin");
        TenantA = admin.TenantId;
        TenantB = intruder.TenantId;
        Admin = AgentClient(TokenOf(admin));
        Intruder = AgentClient(TokenOf(intruder));
        Viewer = AgentClient(await MemberTokenAsync(TenantA, "viewer"));
    }

    /// <summary>A DI scope of the Agent acting for <paramref name="tenant"/>, as a bot turn's is.</summary>
    public AsyncServiceScope ScopeFor(int tenant)
    {
        var scope = Agent.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(tenant);
        return scope;
    }

    /// <summary>Uploads a document as multipart form data, as the console does.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string fileName, byte[] content, string? contentType = null, string? title = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new(contentType ?? "application/octet-stream");
        form.Add(file, "file", fileName);
        if (title is not null)
        {
            form.Add(new StringContent(title), "title");
        }
        return await client.PostAsync("/api/agent/knowledge/documents", form);
    }

    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, string fileName, string text, string? title = null) =>
        UploadAsync(client, fileName, Encoding.UTF8.GetBytes(text), title: title);

    private HttpClient AgentClient(string token)
    {
        var client = Agent.CreateClient();
        client.DefaultRequestHeaders.Add(HubApi.AccessTokenHeader, token);
        return client;
    }

    private static string TokenOf(HubMember member) => member.Client.DefaultRequestHeaders.GetValues(HubApi.AccessTokenHeader).Single();

    /// <summary>A new member of an existing tenant (added by the owner who founded it) and their access token.</summary>
    private async Task<string> MemberTokenAsync(int tenant, string role)
    {
        using var owner = await HubApi.SignInWithCookieAsync(Hub);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var email = $"{role}-{suffix}@versatilehub.test";
        var password = $"password-{suffix}-1";
        using var add = new HttpRequestMessage(HttpMethod.Post, "/api/identity/members") { Content = JsonContent.Create(new { email, role, password }) };
        add.Headers.Add(HubApi.TenantHeader, tenant.ToString(CultureInfo.InvariantCulture));
        (await owner.SendAsync(add)).EnsureSuccessStatusCode();
        using var member = await HubApi.SignInWithCookieAsync(Hub, email, password, tenant);
        return await HubApi.CreateTokenAsync(member, "tests");
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Agent).DisposeAsync();
        await ((IAsyncLifetime)Hub).DisposeAsync();
    }
}
