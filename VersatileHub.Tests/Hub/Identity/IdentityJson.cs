using System.Net.Http.Json;
using System.Text.Json;

namespace VersatileHub.Tests.Hub.Identity;

internal sealed record MeResponse(int? UserId, string? Email, string? Bot, string? Service, int TenantId, string TenantName, string Role);

internal sealed record TokenIssued(int Id, string Name, string? Bot, string Role, string Token);

internal sealed record TenantResponse(int Id, string Name, string Slug, string TimeZone, string Role);

internal sealed record MemberResponse(int UserId, string Email, string Role);

internal static class IdentityJson
{
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static HttpRequestMessage ForTenant(this HttpRequestMessage request, int tenantId)
    {
        request.Headers.Add(Infrastructure.HubApi.TenantHeader, tenantId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return request;
    }
}
