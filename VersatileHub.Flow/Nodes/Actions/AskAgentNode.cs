using System.Text.Json.Nodes;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Nodes.Actions;

/// <summary>
/// Asks the tenant's AI agent (<c>POST http://agent/api/agent/ask</c>) a <c>prompt</c> for each item, optionally about one
/// conversation's customer (<c>conversationId</c> with <c>contactId</c>, <c>hubCustomerId</c>). Each item comes out with
/// the answer: <c>text</c> (the reply's text parts joined), <c>reply</c>, <c>toolCalls</c> and <c>model</c>.
/// </summary>
internal sealed class AskAgentNode(SuiteServices suite) : INodeType
{
    public string Type => NodeTypes.AskAgent;

    public NodeKind Kind => NodeKind.Action;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node) => ActionParameters.Require(node, "prompt");

    public async ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var answers = new List<JsonObject>();
        for (var item = 0; item < execution.Items.Count; item++)
        {
            var body = new JsonObject
            {
                ["tenant"] = execution.TenantId,
                ["prompt"] = execution.RequiredText("prompt", item),
                ["conversationId"] = execution.Int("conversationId", item),
                ["contactId"] = execution.Int("contactId", item),
                ["hubCustomerId"] = execution.Int("hubCustomerId", item),
            };
            var answer = (await suite.CallAsync(SuiteServices.Agent, execution.TenantId, HttpMethod.Post, "/api/agent/ask", body, cancellationToken, execution.ItemKey(item))).Object();
            var texts = (answer["reply"]?["messages"] as JsonArray ?? [])
                .OfType<JsonObject>()
                .Select(part => part["text"] is JsonValue text && text.TryGetValue<string>(out var s) ? s : null)
                .Where(s => !string.IsNullOrEmpty(s));
            answer["text"] = string.Join("\n\n", texts);
            answers.Add(answer);
        }
        return NodeOutcome.Single(answers);
    }
}
