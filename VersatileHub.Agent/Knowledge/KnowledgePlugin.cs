using System.ComponentModel;
using System.Globalization;
using System.Text;
using Microsoft.SemanticKernel;
using VersatileHub.Agent.Tools;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Agent.Knowledge;

/// <summary>
/// The agent's <c>knowledge_search</c> tool: passages of the tenant's own documents, each naming its document so the answer
/// can cite it. Built for one turn, in a scope that already acts for the turn's tenant.
/// </summary>
public sealed class KnowledgePlugin
{
    public const string PluginName = "knowledge";
    public const int PassagesPerSearch = 4;

    private readonly KnowledgeBase _knowledge;

    public KnowledgePlugin(int tenantId, KnowledgeBase knowledge, CurrentTenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (tenant.Id != tenantId)
        {
            throw new InvalidOperationException($"The knowledge tool is for tenant {tenantId}, but its scope acts for tenant {tenant.Id}.");
        }
        _knowledge = knowledge;
    }

    [KernelFunction("knowledge_search")]
    [Description("Searches the business's own documents (policies, FAQs, prices, procedures) and returns the best passages, each with the title of its document. Use it before answering questions about how the business works. Name the document you used in your answer.")]
    public async Task<string> SearchAsync(
        [Description("A few keywords in the customer's language, e.g. \"devoluciones plazo\"; every word must appear; use OR between alternatives.")] string query,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(query) || query.Length > KnowledgeBase.MaxQueryLength)
        {
            return $"Give a search of 1 to {KnowledgeBase.MaxQueryLength} characters.";
        }
        var hits = await _knowledge.SearchAsync(query, PassagesPerSearch, cancellationToken);
        if (hits.Count == 0)
        {
            return $"No passage of the knowledge base matches \"{query.Trim()}\". Try other keywords, or say you do not know.";
        }
        var text = new StringBuilder();
        for (var i = 0; i < hits.Count; i++)
        {
            var hit = hits[i];
            text.Append(CultureInfo.InvariantCulture, $"[{i + 1}] Document: \"{hit.DocumentTitle}\" (id {hit.DocumentId})");
            if (hit.Heading.Length > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $", section: {hit.Heading}");
            }
            text.Append('\n').Append(hit.Text).Append("\n\n");
        }
        return text.Append("When you use a passage, name its document.").ToString();
    }
}
