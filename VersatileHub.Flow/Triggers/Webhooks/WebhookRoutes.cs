using VersatileHub.Flow.Execution;
using VersatileHub.Flow.Nodes.Logic;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Triggers.Webhooks;

/// <summary>A webhook node of an active workflow that answers a request, with the path's <c>:name</c> segments it captured.</summary>
internal sealed record WebhookRoute(CompiledWorkflow Workflow, WorkflowNode Node, IReadOnlyDictionary<string, string> PathParameters);

/// <summary>Finds the webhook node a request is for among a tenant's active workflows (path and method; <c>:name</c> segments match any value).</summary>
internal static class WebhookRoutes
{
    public static WebhookRoute? Find(IReadOnlyList<CompiledWorkflow> active, string method, string path, out bool otherMethod)
    {
        otherMethod = false;
        var segments = path.Trim('/').Split('/');
        WebhookRoute? best = null;
        var bestLiterals = -1;
        foreach (var workflow in active)
        {
            foreach (var node in workflow.Definition.Triggers(Nodes.NodeTypes.Webhook))
            {
                var pattern = WebhookNode.PathOf(node).Split('/');
                if (!Match(pattern, segments, out var parameters, out var literals))
                {
                    continue;
                }
                var nodeMethod = WebhookNode.MethodOf(node);
                if (nodeMethod != method && !(method == "HEAD" && nodeMethod == "GET"))
                {
                    otherMethod = true;
                    continue;
                }
                // An exact path wins over one with :parameters.
                if (literals > bestLiterals)
                {
                    best = new WebhookRoute(workflow, node, parameters);
                    bestLiterals = literals;
                }
            }
        }
        return best;
    }

    private static bool Match(string[] pattern, string[] segments, out Dictionary<string, string> parameters, out int literals)
    {
        parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        literals = 0;
        if (pattern.Length != segments.Length)
        {
            return false;
        }
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i].StartsWith(':') && pattern[i].Length > 1)
            {
                parameters[pattern[i][1..]] = Uri.UnescapeDataString(segments[i]);
            }
            else if (string.Equals(pattern[i], segments[i], StringComparison.Ordinal))
            {
                literals++;
            }
            else
            {
                return false;
            }
        }
        return true;
    }
}
