using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Nodes.Logic;

/// <summary>
/// <c>webhook</c>: a run per call to <c>/hooks/{tenant}/{path}</c> with the node's <c>httpMethod</c>, whose item is the
/// request (<c>headers</c>, <c>params</c>, <c>query</c>, <c>body</c>), as n8n gives it. Parameters: <c>path</c>,
/// <c>httpMethod</c> (GET), <c>responseMode</c> (<c>onReceived</c>, <c>lastNode</c>, <c>responseNode</c>),
/// <c>responseData</c> (<c>firstEntryJson</c>, <c>allEntries</c>, <c>noData</c>), <c>responseCode</c>, and
/// <c>authentication</c>: <c>none</c>, <c>headerAuth</c> (<c>headerName</c> must carry <c>secret</c>) or <c>hmac</c>
/// (<c>signatureHeader</c> carries the hex HMAC-SHA256 of the body under <c>secret</c>).
/// </summary>
internal sealed class WebhookNode : INodeType
{
    public static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];
    public static readonly string[] ResponseModes = [OnReceived, LastNode, ResponseNode];
    public static readonly string[] ResponseData = ["firstEntryJson", "allEntries", "noData"];
    public static readonly string[] Authentications = ["none", HeaderAuth, Hmac];

    public const string OnReceived = "onReceived";
    public const string LastNode = "lastNode";
    public const string ResponseNode = "responseNode";
    public const string HeaderAuth = "headerAuth";
    public const string Hmac = "hmac";
    public const string DefaultSecretHeader = "X-Webhook-Secret";
    public const string DefaultSignatureHeader = "X-Signature-256";

    public string Type => NodeTypes.Webhook;

    public NodeKind Kind => NodeKind.Trigger;

    public static string PathOf(WorkflowNode node) => (Parameters.Text(node, "path") ?? "").Trim().Trim('/');

    public static string MethodOf(WorkflowNode node) => (Parameters.Text(node, "httpMethod") ?? "GET").ToUpperInvariant();

    public static string ResponseModeOf(WorkflowNode node) => Parameters.Text(node, "responseMode") ?? OnReceived;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node)
    {
        var path = PathOf(node);
        if (path.Length == 0)
        {
            yield return new DefinitionError(node.Name, "parameters.path", "Give the webhook a path, e.g. orders/paid.");
        }
        else if (path.Length > 200 || path.Any(c => char.IsWhiteSpace(c) || c is '?' or '#' or '{' or '}'))
        {
            yield return new DefinitionError(node.Name, "parameters.path", "A path has up to 200 characters, without spaces, ?, #, { or }.");
        }
        if (!Methods.Contains(MethodOf(node)))
        {
            yield return new DefinitionError(node.Name, "parameters.httpMethod", $"Use one of {string.Join(", ", Methods)}.");
        }
        if (!ResponseModes.Contains(ResponseModeOf(node)))
        {
            yield return new DefinitionError(node.Name, "parameters.responseMode", $"Use one of {string.Join(", ", ResponseModes)}.");
        }
        if (Parameters.Text(node, "responseData") is { } data && !ResponseData.Contains(data))
        {
            yield return new DefinitionError(node.Name, "parameters.responseData", $"Use one of {string.Join(", ", ResponseData)}.");
        }
        var authentication = Parameters.Text(node, "authentication") ?? "none";
        if (!Authentications.Contains(authentication))
        {
            yield return new DefinitionError(node.Name, "parameters.authentication", $"Use one of {string.Join(", ", Authentications)}.");
        }
        else if (authentication != "none" && Parameters.Text(node, "secret") is null)
        {
            yield return new DefinitionError(node.Name, "parameters.secret", "Give the secret the caller must prove (a {{ $vars.Name }} secret variable is best).");
        }
        foreach (var error in Triggers.CheckExpression(node, "secret"))
        {
            yield return error;
        }
    }

    public ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken) => Triggers.PassOn(execution);
}
