using System.Text.Json.Nodes;
using VersatileHub.Flow.Expressions;

namespace VersatileHub.Flow.Execution;

/// <summary>
/// The run a scope executes, for nodes that need more than their items: the Code node's scripts (<see cref="Expressions"/>)
/// and Respond to Webhook (<see cref="Reply"/>). One per run scope.
/// </summary>
public sealed class RunContext
{
    private ExpressionScope? _expressions;

    public ExpressionScope Expressions
    {
        get => _expressions ?? throw new InvalidOperationException("This scope executes no run.");
        internal set => _expressions = value;
    }

    /// <summary>What a Respond to Webhook node answered, for the webhook that waits on this run; the first answer wins.</summary>
    public WebhookReply? Reply { get; private set; }

    public void Answer(WebhookReply reply) => Reply ??= reply;
}

/// <summary>The HTTP answer a workflow gives the webhook that started it.</summary>
public sealed record WebhookReply(int StatusCode, JsonNode? Body, string? Text, IReadOnlyDictionary<string, string> Headers)
{
    public static WebhookReply Json(int statusCode, JsonNode? body) => new(statusCode, body, null, new Dictionary<string, string>());
}
