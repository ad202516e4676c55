using System.ComponentModel;
using Microsoft.SemanticKernel;
using VersatileHub.Agent.Tools;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Agent.Memory;

/// <summary>
/// The agent's <c>remember</c> tool: keeps a fact about the conversation's own contact, never anyone else's. Built for one
/// turn, in a scope that already acts for the turn's tenant.
/// </summary>
public sealed class MemoryPlugin
{
    public const string PluginName = "memory";

    private readonly ConversationScope _scope;
    private readonly ContactMemory _memory;

    public MemoryPlugin(ConversationScope scope, ContactMemory memory, CurrentTenant tenant)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(tenant);
        if (tenant.Id != scope.TenantId)
        {
            throw new InvalidOperationException($"The memory tool is for tenant {scope.TenantId}, but its scope acts for tenant {tenant.Id}.");
        }
        _scope = scope;
        _memory = memory;
    }

    [KernelFunction("remember")]
    [Description("Saves a lasting fact about the customer you are talking to (a preference, a size, an allergy, how they like to be addressed), so it is known in later conversations and shown to the staff. One short fact per call; never secrets such as passwords or card numbers.")]
    public async Task<string> RememberAsync(
        [Description("The fact, one short sentence in the customer's language, e.g. \"Prefiere turnos a la mañana\".")] string fact,
        CancellationToken cancellationToken = default)
    {
        var text = ContactFact.Tidy(fact);
        return await _memory.RememberAsync(_scope, text, cancellationToken) switch
        {
            RememberOutcome.Remembered => $"Remembered: {text}",
            RememberOutcome.AlreadyKnown => $"Already known: {text}",
            RememberOutcome.Empty => "Not remembered: the fact was empty.",
            _ => $"Not remembered: a fact may be up to {ContactFact.MaxLength} characters; say it shorter.",
        };
    }
}
