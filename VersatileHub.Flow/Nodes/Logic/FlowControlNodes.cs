using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Flow.Execution;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Nodes.Logic;

/// <summary>
/// <c>wait</c>: pauses the run durably (it survives restarts) for <c>amount</c> <c>unit</c>s (seconds, minutes, hours,
/// days; <c>resume: timeInterval</c>) or until <c>dateTime</c> (<c>resume: specificTime</c>), then goes on with its items.
/// </summary>
internal sealed class WaitNode : INodeType
{
    private static readonly string[] Units = ["seconds", "minutes", "hours", "days"];

    public string Type => NodeTypes.Wait;

    public NodeKind Kind => NodeKind.Logic;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node)
    {
        switch (Parameters.Text(node, "resume") ?? "timeInterval")
        {
            case "timeInterval":
                if (Parameters.Raw(node, "amount") is null)
                {
                    yield return new DefinitionError(node.Name, "parameters.amount", "Say how long to wait.");
                }
                if (Parameters.Text(node, "unit") is { } unit && !Units.Contains(unit) && !Parameters.IsExpression(unit))
                {
                    yield return new DefinitionError(node.Name, "parameters.unit", $"Use one of {string.Join(", ", Units)}.");
                }
                break;
            case "specificTime":
                if (Parameters.Raw(node, "dateTime") is null)
                {
                    yield return new DefinitionError(node.Name, "parameters.dateTime", "Say until when to wait.");
                }
                break;
            default:
                yield return new DefinitionError(node.Name, "parameters.resume", "Flow resumes a Wait after a time interval or at a specific time (timeInterval, specificTime).");
                break;
        }
    }

    public ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var now = execution.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        DateTimeOffset until;
        if ((execution.Text("resume") ?? "timeInterval") == "specificTime")
        {
            var text = execution.RequiredText("dateTime");
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out until))
            {
                throw new NodeFailedException($"parameters.dateTime: {text} is not a date and time.");
            }
        }
        else
        {
            var amount = Conditions.Number(execution.Parameter("amount"));
            if (double.IsNaN(amount) || amount < 0)
            {
                throw new NodeFailedException("parameters.amount must be a number of at least 0.");
            }
            var unit = execution.Text("unit") ?? "hours";
            until = now + unit switch
            {
                "seconds" => TimeSpan.FromSeconds(amount),
                "minutes" => TimeSpan.FromMinutes(amount),
                "hours" => TimeSpan.FromHours(amount),
                "days" => TimeSpan.FromDays(amount),
                _ => throw new NodeFailedException($"parameters.unit: use one of {string.Join(", ", Units)}."),
            };
        }
        return ValueTask.FromResult<NodeOutcome>(until <= now
            ? NodeOutcome.Single(execution.Items)
            : new NodeOutcome.Waiting(until, execution.Items));
    }
}

/// <summary><c>stopAndError</c>: fails the run with <c>errorMessage</c> (or, with <c>errorType: errorObject</c>, the <c>errorObject</c>'s message).</summary>
internal sealed class StopAndErrorNode : INodeType
{
    public string Type => NodeTypes.StopAndError;

    public NodeKind Kind => NodeKind.Logic;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node)
    {
        var field = Parameters.Text(node, "errorType") == "errorObject" ? "errorObject" : "errorMessage";
        if (Parameters.Raw(node, field) is null)
        {
            yield return new DefinitionError(node.Name, $"parameters.{field}", "Write the error the run fails with.");
        }
    }

    public ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        if (execution.Text("errorType") == "errorObject")
        {
            var error = execution.Parameter("errorObject");
            if (error is JsonValue text && text.TryGetValue<string>(out var json))
            {
                try
                {
                    error = JsonNode.Parse(json);
                }
                catch (System.Text.Json.JsonException)
                {
                    throw new NodeFailedException(json);
                }
            }
            throw new NodeFailedException(Conditions.Text(error?["message"]) ?? error?.ToJsonString() ?? "Stopped.");
        }
        throw new NodeFailedException(execution.Text("errorMessage") ?? "Stopped.");
    }
}

/// <summary><c>noOp</c>: passes its items on (a named junction in a drawing).</summary>
internal sealed class NoOpNode : INodeType
{
    public string Type => NodeTypes.NoOp;

    public NodeKind Kind => NodeKind.Logic;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node) => [];

    public ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken) =>
        ValueTask.FromResult<NodeOutcome>(NodeOutcome.Single(execution.Items));
}

/// <summary>
/// <c>respondToWebhook</c>: answers the webhook that started the run (its <c>responseMode</c> is <c>responseNode</c>) and
/// passes its items on. <c>respondWith</c>: <c>firstIncomingItem</c>, <c>allIncomingItems</c>, <c>json</c> or <c>text</c>
/// (<c>responseBody</c>), <c>noData</c>, <c>redirect</c> (<c>redirectURL</c>); <c>options.responseCode</c> and
/// <c>options.responseHeaders.entries</c> (<c>name</c>, <c>value</c>).
/// </summary>
internal sealed class RespondToWebhookNode : INodeType
{
    private static readonly string[] Answers = ["firstIncomingItem", "allIncomingItems", "json", "text", "noData", "redirect"];

    public string Type => NodeTypes.RespondToWebhook;

    public NodeKind Kind => NodeKind.Logic;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node)
    {
        var respondWith = Parameters.Text(node, "respondWith") ?? "firstIncomingItem";
        if (!Answers.Contains(respondWith))
        {
            yield return new DefinitionError(node.Name, "parameters.respondWith", $"Use one of {string.Join(", ", Answers)}.");
        }
        else if (respondWith == "redirect" && Parameters.Text(node, "redirectURL") is null)
        {
            yield return new DefinitionError(node.Name, "parameters.redirectURL", "Give the address to redirect to.");
        }
    }

    public ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var status = Conditions.Number(execution.Parameter("options.responseCode"));
        var code = double.IsNaN(status) ? 200 : (int)status;
        if (code is < 100 or > 599)
        {
            throw new NodeFailedException($"parameters.options.responseCode: {code} is not an HTTP status.");
        }
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (execution.Parameter("options.responseHeaders.entries") is JsonArray entries)
        {
            foreach (var entry in entries.OfType<JsonObject>())
            {
                if (Conditions.Text(entry["name"]) is { Length: > 0 } name)
                {
                    headers[name] = Conditions.Text(entry["value"]) ?? "";
                }
            }
        }
        var items = execution.Items;
        WebhookReply reply = (execution.Text("respondWith") ?? "firstIncomingItem") switch
        {
            "allIncomingItems" => new(code, new JsonArray([.. items.Select(i => i.DeepClone())]), null, headers),
            "json" => new(code, Body(execution.Parameter("responseBody")), null, headers),
            "text" => new(code, null, execution.Text("responseBody") ?? "", headers),
            "noData" => new(code, null, null, headers),
            "redirect" => new(code is >= 300 and < 400 ? code : 307, null, null,
                new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase) { ["Location"] = execution.RequiredText("redirectURL") }),
            _ => new(code, items.Count > 0 ? items[0].DeepClone() : new JsonObject(), null, headers),
        };
        execution.Services.GetRequiredService<RunContext>().Answer(reply);
        return ValueTask.FromResult<NodeOutcome>(NodeOutcome.Single(items));
    }

    private static JsonNode? Body(JsonNode? body)
    {
        if (body is JsonValue text && text.TryGetValue<string>(out var json))
        {
            try
            {
                return JsonNode.Parse(json);
            }
            catch (System.Text.Json.JsonException invalid)
            {
                throw new NodeFailedException($"parameters.responseBody is not valid JSON: {invalid.Message}");
            }
        }
        return body;
    }
}
