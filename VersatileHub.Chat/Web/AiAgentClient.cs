using System.Globalization;
using System.Net.Http.Json;
using VersatileHub.ServiceDefaults.Authentication;

namespace VersatileHub.Chat.Web;

/// <summary>Something the AI agent remembered about a contact (its <c>remember</c> tool), in the conversation it learned it.</summary>
internal sealed record RememberedFact(long Id, string Text, int ConversationId, DateTimeOffset RememberedAt);

/// <summary>Whether the account's bot answers; if not, why and how to turn it on (the Agent writes both "español / English").</summary>
internal sealed record BotStatus(bool Enabled, string Reason, string? HowToConfigure);

/// <summary>
/// Reads what the AI agent (the Agent service) knows of an account, with Chat's service token acting for it. Chat owns
/// none of this, so it is read when a page needs it and never stored.
/// </summary>
internal sealed class AiAgentClient(IHttpClientFactory httpClients)
{
    public const string HttpClientName = "ai-agent";

    /// <summary>One try, bounded: the panel is read again on the next visit, and an Agent that is down must not hold the page.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <exception cref="HttpRequestException">The Agent failed or could not be reached.</exception>
    public Task<IReadOnlyList<RememberedFact>> ReadFactsAsync(int accountId, int contactId, CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<RememberedFact>>(accountId, $"/api/agent/contacts/{contactId}/facts", cancellationToken);

    /// <exception cref="HttpRequestException">The Agent failed or could not be reached.</exception>
    public Task<BotStatus> ReadBotStatusAsync(int accountId, CancellationToken cancellationToken) =>
        GetAsync<BotStatus>(accountId, "/api/agent/status", cancellationToken);

    private async Task<T> GetAsync<T>(int accountId, string path, CancellationToken cancellationToken)
    {
        var agent = httpClients.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(HubAuthenticationDefaults.TenantHeader, accountId.ToString(CultureInfo.InvariantCulture));
        using var response = await agent.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(cancellationToken)
            ?? throw new HttpRequestException($"The Agent answered {path} with nothing.");
    }
}
