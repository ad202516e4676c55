using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Flow.Data;
using VersatileHub.Flow.Workflows;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Events.Outbox;

namespace VersatileHub.Flow.Nodes.Actions;

/// <summary>
/// Publishes an integration event from Flow for each item (<c>eventType</c> such as <c>lead.qualified</c>, optional
/// <c>subject</c>, and <c>data</c>: an object, the item itself when absent) through Flow's outbox. The event's id comes
/// from the item's idempotency key, so a repeated execution publishes the same event again, which every consumer drops
/// as already processed. Each item comes out as <c>{eventId, type, subject}</c>.
/// </summary>
internal sealed partial class EmitEventNode(EventPublisher publisher) : INodeType
{
    public string Type => NodeTypes.EmitEvent;

    public NodeKind Kind => NodeKind.Action;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var errors = ActionParameters.Require(node, "eventType").ToList();
        if (ActionParameters.Raw(node, "eventType") is JsonValue type && type.TryGetValue<string>(out var text)
            && !text.Contains("{{", StringComparison.Ordinal) && !EventTypeName().IsMatch(text))
        {
            errors.Add(new DefinitionError(node.Name, "parameters.eventType", "eventType is <entity>.<past-tense verb> in lower case, e.g. lead.qualified."));
        }
        return errors;
    }

    public async ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var db = execution.Services.GetRequiredService<FlowDbContext>();
        var emitted = new List<JsonObject>();
        for (var item = 0; item < execution.Items.Count; item++)
        {
            var type = execution.RequiredText("eventType", item);
            if (!EventTypeName().IsMatch(type))
            {
                throw new NodeFailedException($"parameters.eventType is <entity>.<past-tense verb> in lower case; it is '{type}'.");
            }
            var subject = execution.Text("subject", item);
            var data = execution.Parameter("data", item) switch
            {
                null => execution.Items[item].DeepClone(),
                JsonValue value when value.TryGetValue<string>(out var text) && string.IsNullOrWhiteSpace(text) => execution.Items[item].DeepClone(),
                JsonValue value when value.TryGetValue<string>(out _) => execution.Object("data", item),
                var other => other.DeepClone(),
            };
            var id = EventIdOf(execution.ItemKey(item));
            // Not yet relayed: the repeat is dropped here; once relayed, consumers drop it by its id.
            if (!await db.Set<OutboxMessage>().AnyAsync(m => m.EventId == id, cancellationToken))
            {
                publisher.Publish(db, type, execution.TenantId, subject, data, id);
            }
            emitted.Add(new JsonObject { ["eventId"] = id.ToString(), ["type"] = type, ["subject"] = subject });
        }
        await db.SaveChangesAsync(cancellationToken);
        return NodeOutcome.Single(emitted);
    }

    /// <summary>A UUID (version 8, RFC 9562) named by the idempotency key: the same key, the same event id.</summary>
    public static Guid EventIdOf(string idempotencyKey)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("vh-flow-event:" + idempotencyKey), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$")]
    private static partial Regex EventTypeName();
}
