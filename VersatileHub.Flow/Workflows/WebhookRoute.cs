using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Flow.Workflows;

/// <summary>
/// A method and path of <c>/hooks/{tenant}/{path}</c> held by an enabled <c>webhook</c> node of an active workflow. The
/// table's key makes two active workflows of a tenant unable to claim the same route, even when activated at once.
/// </summary>
public sealed partial class WebhookRoute : ITenantOwned
{
    public static readonly IReadOnlySet<string> Methods = new HashSet<string>(StringComparer.Ordinal) { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD" };

    private WebhookRoute()
    {
    }

    public int TenantId { get; private set; }

    public string Method { get; private set; } = "";

    /// <summary>As written after <c>/hooks/{tenant}/</c> without leading or trailing slashes, each <c>:name</c> segment as <c>:</c> (it matches any value).</summary>
    public string Path { get; private set; } = "";

    public Guid WorkflowId { get; private set; }

    public string NodeName { get; private set; } = "";

    public static WebhookRoute For(Guid workflowId, string nodeName, string method, string path) =>
        new() { WorkflowId = workflowId, NodeName = nodeName, Method = method, Path = path };

    public void ServedBy(string nodeName) => NodeName = nodeName;

    /// <summary>The route of a webhook node (n8n's <c>httpMethod</c>, GET by default, and <c>path</c>), or the errors naming the field.</summary>
    public static (string Method, string Path)? Read(WorkflowNode node, List<DefinitionError> errors)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(errors);
        var method = (node.Parameters["httpMethod"] is JsonValue m && m.TryGetValue<string>(out var text) ? text : "GET").Trim().ToUpperInvariant();
        var path = Normalize(node.Parameters["path"] is JsonValue p && p.TryGetValue<string>(out var written) ? written : null);
        var valid = true;
        if (!Methods.Contains(method))
        {
            errors.Add(new(node.Name, "parameters.httpMethod", $"«{method}» no es un método: {string.Join(", ", Methods)}. / «{method}» is not a method: {string.Join(", ", Methods)}."));
            valid = false;
        }
        if (path is null || !PathPattern().IsMatch(path) || path.Contains("{{", StringComparison.Ordinal))
        {
            errors.Add(new(node.Name, "parameters.path",
                "La ruta es fija, de letras, números y - _ . / y segmentos :nombre (p. ej. «pedidos/:id»). / The path is fixed text of letters, digits, - _ . / and :name segments (e.g. «orders/:id»)."));
            valid = false;
        }
        return valid ? (method, Key(path!)) : null;
    }

    /// <summary>Two paths that match the same requests share a key: <c>orders/:id</c> and <c>orders/:number</c> are both <c>orders/:</c>.</summary>
    private static string Key(string path) => string.Join('/', path.Split('/').Select(segment => segment.StartsWith(':') ? ":" : segment));

    public static string? Normalize(string? path) => string.IsNullOrWhiteSpace(path) ? null : path.Trim().Trim('/');

    [GeneratedRegex("^([A-Za-z0-9_.~-]+|:[A-Za-z_][A-Za-z0-9_]*)(/([A-Za-z0-9_.~-]+|:[A-Za-z_][A-Za-z0-9_]*))*$")]
    private static partial Regex PathPattern();
}
