using System.Globalization;
using System.Net.Http.Json;
using VersatileHub.ServiceDefaults.Authentication;

namespace VersatileHub.Chat.Web;

/// <summary>
/// The account's members as the Hub knows them (Chat keeps only user ids), so the inbox can name an assignee by e-mail.
/// Read from the Hub's <c>/api/identity/members</c> with Chat's service token, when a page opens; never stored.
/// </summary>
internal sealed class MemberNames(IHttpClientFactory httpClients)
{
    public const string HttpClientName = "hub-members";

    /// <summary>User id → e-mail; empty when the Hub fails, so the page names people by id instead of breaking.</summary>
    public async Task<IReadOnlyDictionary<int, string>> ReadAsync(int accountId, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/identity/members");
            request.Headers.Add(HubAuthenticationDefaults.TenantHeader, accountId.ToString(CultureInfo.InvariantCulture));
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            var members = await response.Content.ReadFromJsonAsync<IReadOnlyList<HubMember>>(cancellationToken) ?? [];
            return members.ToDictionary(m => m.UserId, m => m.Email);
        }
        catch (Exception exception) when (exception is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException)
        {
            return new Dictionary<int, string>();
        }
    }

    private sealed record HubMember(int UserId, string Email);
}
