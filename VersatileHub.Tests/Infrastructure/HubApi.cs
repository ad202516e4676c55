using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace VersatileHub.Tests.Infrastructure;

/// <summary>A member of a tenant made for one test, with a client that carries their access token.</summary>
public sealed record HubMember(int TenantId, int UserId, string Email, string Password, string Role, HttpClient Client);

/// <summary>Signs in to a <see cref="HubFactory"/>'s Hub over HTTP, as the suite's clients do.</summary>
public static class HubApi
{
    public const string AccessTokenHeader = "api_access_token";
    public const string TenantHeader = "X-VH-Tenant";

    /// <summary>A client with the sign-in cookie of the configured owner, acting for their first tenant.</summary>
    public static async Task<HttpClient> SignInWithCookieAsync(HubFactory factory, string email = HubFactory.OwnerEmail,
        string password = HubFactory.OwnerPassword, int? tenantId = null)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = factory.ClientOptions.BaseAddress, AllowAutoRedirect = false, HandleCookies = true });
        var response = await client.PostAsJsonAsync("/api/identity/sign-in", new { email, password, tenantId });
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>A client carrying a fresh owner's access token for the owner's first tenant.</summary>
    public static async Task<HttpClient> SignInAsOwnerAsync(HubFactory factory)
    {
        using var cookie = await SignInWithCookieAsync(factory);
        return TokenClient(factory, await CreateTokenAsync(cookie, "tests"));
    }

    /// <summary>
    /// A new tenant (founded by the configured owner) with a new user holding <paramref name="role"/> in it, and a client
    /// carrying that user's access token: for tenant isolation and role tests.
    /// </summary>
    public static async Task<HubMember> CreateTenantWithMemberAsync(HubFactory factory, string role)
    {
        using var owner = await SignInWithCookieAsync(factory);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var tenant = await ReadAsync<IdResponse>(await owner.PostAsJsonAsync("/api/identity/tenants", new { name = $"Tenant {suffix}" }));

        var email = $"{role}-{suffix}@versatilehub.test";
        var password = $"password-{suffix}-1";
        using var add = new HttpRequestMessage(HttpMethod.Post, "/api/identity/members")
        {
            Content = JsonContent.Create(new { email, role, password }),
        };
        add.Headers.Add(TenantHeader, tenant.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var member = await ReadAsync<MemberResponse>(await owner.SendAsync(add));

        using var memberCookie = await SignInWithCookieAsync(factory, email, password, tenant.Id);
        var token = await CreateTokenAsync(memberCookie, "tests");
        return new HubMember(tenant.Id, member.UserId, email, password, role, TokenClient(factory, token));
    }

    /// <summary>A new customer of the client's tenant, made through the customers API; its id.</summary>
    public static async Task<int> CreateCustomerAsync(HttpClient client, string name = "Lucía Fernández", string? email = null, string? phone = null)
    {
        var customer = await ReadAsync<IdResponse>(await client.PostAsJsonAsync("/api/customers", new
        {
            name,
            emails = email is null ? Array.Empty<string>() : [email],
            phones = phone is null ? Array.Empty<string>() : [phone],
        }));
        return customer.Id;
    }

    /// <summary>Issues an access token through <paramref name="client"/> and returns its secret.</summary>
    public static async Task<string> CreateTokenAsync(HttpClient client, string name, string? role = null)
    {
        var issued = await ReadAsync<TokenResponse>(await client.PostAsJsonAsync("/api/identity/tokens", new { name, role }));
        return issued.Token;
    }

    public static HttpClient TokenClient(HubFactory factory, string token)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = factory.ClientOptions.BaseAddress, AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add(AccessTokenHeader, token);
        return client;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    private sealed record IdResponse(int Id);

    private sealed record MemberResponse(int UserId);

    private sealed record TokenResponse(int Id, string Token);
}
