using System.ComponentModel;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.SemanticKernel;
using VersatileHub.Agent.Models;

namespace VersatileHub.Agent.Tools;

/// <summary>Tickets in the Hub for the conversation's customer, and asking for a human in Chat.</summary>
internal sealed class SupportTools(AgentTurn turn, SuiteClients hub)
{
    private const int MaxSubject = 200;

    [KernelFunction("create_ticket"), Description("Opens a support ticket for the business's staff with a summary of the customer's problem.")]
    public async Task<string> CreateTicketAsync([Description("What the problem is, in a few sentences")] string summary, CancellationToken cancellationToken)
    {
        var text = (summary ?? "").Trim();
        if (text.Length == 0)
        {
            return "Say what the ticket is about.";
        }
        var subject = text.Length > MaxSubject ? text[..(MaxSubject - 1)] + "…" : text;
        using var response = await hub.SendAsync(SuiteClients.Hub, turn.TenantId, HttpMethod.Post, "/api/tickets", new
        {
            subject,
            description = text.Length > 4000 ? text[..4000] : text,
            customerId = turn.Scope?.HubCustomerId,
            sourceConversationId = turn.Scope?.ConversationId,
        }, SuiteClients.HubJson, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return "The ticket could not be opened: " + await response.Content.ReadAsStringAsync(cancellationToken);
        }
        var ticket = await response.Content.ReadFromJsonAsync<JsonElement>(SuiteClients.HubJson, cancellationToken);
        return $"Ticket {ticket.GetProperty("id").GetInt32()} opened.";
    }

    [KernelFunction("handoff_to_human"), Description("Passes the conversation to a person of the business; the bot then stays silent.")]
    public string HandoffToHuman([Description("Why a person is needed")] string reason)
    {
        if (turn.Scope is null)
        {
            return "There is no conversation to hand over here.";
        }
        var why = (reason ?? "").Trim();
        turn.AskForHuman(why.Length is 0 ? "The agent asked for a person." : why.Length > 500 ? why[..500] : why);
        return "A person will take over right after your reply. Tell the customer so in one short sentence.";
    }
}
