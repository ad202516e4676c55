using Microsoft.SemanticKernel;
using VersatileHub.Agent.Data;
using VersatileHub.Agent.Profiles;
using VersatileHub.Agent.Replies;
using VersatileHub.Agent.Tools;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Agent.Models;

/// <summary>One answered turn: the reply to send, what the model did to make it, and how long the model took.</summary>
public sealed record AnsweredTurn(Reply Reply, AgentTurn Turn, ModelAnswer Answer);

/// <summary>
/// Answers a conversation for the scope's tenant with its profiles and tools: the bot loop's and the ask API's one way
/// to make a reply. The turn's tool calls are saved whatever the outcome.
/// </summary>
public sealed class AgentAnswering(AgentDbContext db, CurrentTenant tenant, SuiteModel suite, ModelChain models)
{
    /// <returns>The turn, or null when the tenant has no profile and the deployment no model (its bot is off).</returns>
    public async Task<AnsweredTurn?> AnswerAsync(ConversationScope? scope, IReadOnlyList<ChatMessageContent> conversation, CancellationToken cancellationToken)
    {
        if (await ProfileChain.LoadAsync(db, suite, cancellationToken) is not { } chain)
        {
            return null;
        }
        var turn = new AgentTurn(tenant.RequiredId, scope);
        ModelAnswer answer;
        try
        {
            answer = await models.AnswerAsync(chain, conversation, turn, cancellationToken);
        }
        finally
        {
            db.AddRange(turn.ToolCalls);
            // The customer's cancellation must not lose the record of what the tools did.
            await db.SaveChangesAsync(CancellationToken.None);
        }
        var reply = answer.Succeeded ? Reply.FromModelText(answer.Text) : Reply.Nothing("failed");
        return new AnsweredTurn(reply, turn, answer);
    }
}
