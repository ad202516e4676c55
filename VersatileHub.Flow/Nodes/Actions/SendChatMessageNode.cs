using System.Globalization;
using System.Text.Json.Nodes;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Nodes.Actions;

/// <summary>
/// Posts a message in Chat for each item: into <c>conversationId</c> (a conversation's display id), or to a contact
/// through an inbox (<c>inboxId</c> with <c>contactId</c>, or <c>phoneNumber</c> in E.164 and an optional
/// <c>contactName</c>: the contact is found by phone or created), into the contact's open conversation there or a new
/// one. <c>content</c> is the text; <c>private</c> makes it a private note; <c>templateParams</c> (Chatwoot's
/// <c>{name, category, language, processed_params}</c>) sends a WhatsApp template. The message carries the item's
/// idempotency key as its <c>echo_id</c>, which Chat answers with the first message instead of posting it twice.
/// Each item comes out as <c>{conversationId, contactId, inboxId, messageId, status, content}</c>.
/// </summary>
internal sealed class SendChatMessageNode(SuiteServices suite) : INodeType
{
    public string Type => NodeTypes.SendChatMessage;

    public NodeKind Kind => NodeKind.Action;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (ActionParameters.Raw(node, "content") is null && ActionParameters.Raw(node, "templateParams") is null)
        {
            yield return new DefinitionError(node.Name, "parameters.content", "content (or templateParams) is required.");
        }
        var toConversation = ActionParameters.Raw(node, "conversationId") is not null;
        var toContact = ActionParameters.Raw(node, "inboxId") is not null;
        if (toConversation == toContact)
        {
            yield return new DefinitionError(node.Name, "parameters.conversationId",
                "Say where the message goes: conversationId, or inboxId with contactId or phoneNumber (not both).");
        }
        if (toContact && ActionParameters.Raw(node, "contactId") is null && ActionParameters.Raw(node, "phoneNumber") is null)
        {
            yield return new DefinitionError(node.Name, "parameters.contactId", "Through an inbox, contactId or phoneNumber is required.");
        }
    }

    public async ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var sent = new List<JsonObject>();
        for (var item = 0; item < execution.Items.Count; item++)
        {
            var conversation = execution.Int("conversationId", item) is { } given
                ? given
                : await ConversationWithContactAsync(execution, item, cancellationToken);
            var body = new JsonObject
            {
                ["content"] = execution.Text("content", item),
                ["message_type"] = "outgoing",
                ["private"] = execution.Bool("private", item),
                ["echo_id"] = execution.ItemKey(item),
            };
            if (execution.Object("templateParams", item) is { } template)
            {
                body["template_params"] = template;
            }
            var message = (await CallChatAsync(execution, HttpMethod.Post, $"/conversations/{conversation.ToString(CultureInfo.InvariantCulture)}/messages", body, cancellationToken)).Object();
            sent.Add(new JsonObject
            {
                ["conversationId"] = conversation,
                ["contactId"] = message["sender"]?["type"]?.GetValue<string>() == "contact" ? message["sender"]?["id"]?.DeepClone() : null,
                ["inboxId"] = message["inbox_id"]?.DeepClone(),
                ["messageId"] = message["id"]?.DeepClone(),
                ["status"] = message["status"]?.DeepClone(),
                ["content"] = message["content"]?.DeepClone(),
            });
        }
        return NodeOutcome.Single(sent);
    }

    /// <summary>The contact's latest conversation in the inbox that is not resolved, or a new one (a resumed run finds the one it opened).</summary>
    private async Task<int> ConversationWithContactAsync(NodeExecution execution, int item, CancellationToken cancellationToken)
    {
        var inboxId = execution.RequiredInt("inboxId", item);
        var contact = await ContactAsync(execution, inboxId, item, cancellationToken);
        var contactId = contact["id"]!.GetValue<int>();

        var conversations = (await CallChatAsync(execution, HttpMethod.Get, $"/contacts/{contactId}/conversations", null, cancellationToken)).Object();
        var open = (conversations["payload"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c =>
            c["inbox_id"]?.GetValue<int>() == inboxId && c["status"]?.GetValue<string>() != "resolved");
        if (open is not null)
        {
            return open["id"]!.GetValue<int>();
        }

        var reach = (contact["contact_inboxes"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(ci => ci["inbox"]?["id"]?.GetValue<int>() == inboxId);
        // A WhatsApp contact is reached at its phone's digits (as Chat gives new contacts); otherwise a stable id of this send.
        var sourceId = reach?["source_id"]?.GetValue<string>()
            ?? (contact["phone_number"] is JsonValue phone && phone.TryGetValue<string>(out var number) && number.Length > 1 ? number.TrimStart('+') : execution.ItemKey(item));
        var created = (await CallChatAsync(execution, HttpMethod.Post, "/conversations",
            new JsonObject { ["inbox_id"] = inboxId, ["contact_id"] = contactId, ["source_id"] = sourceId }, cancellationToken)).Object();
        return created["id"]!.GetValue<int>();
    }

    private async Task<JsonObject> ContactAsync(NodeExecution execution, int inboxId, int item, CancellationToken cancellationToken)
    {
        if (execution.Int("contactId", item) is { } contactId)
        {
            var found = await CallChatAsync(execution, HttpMethod.Get, $"/contacts/{contactId}", null, cancellationToken);
            return found.Status == 404
                ? throw new NodeFailedException($"parameters.contactId: Chat has no contact {contactId}.")
                : found.Object()["payload"] as JsonObject ?? throw new NodeFailedException($"Chat answered contact {contactId} without it.");
        }
        var phone = execution.Text("phoneNumber", item) ?? throw new NodeFailedException("parameters.phoneNumber or parameters.contactId is required.");
        phone = phone.Trim();
        if (await ContactByPhoneAsync(execution, phone, cancellationToken) is { } known)
        {
            return known;
        }
        var created = await CallChatAsync(execution, HttpMethod.Post, "/contacts",
            new JsonObject { ["inbox_id"] = inboxId, ["name"] = execution.Text("contactName", item) ?? phone, ["phone_number"] = phone }, cancellationToken);
        if (created.Status == 409 && await ContactByPhoneAsync(execution, phone, cancellationToken) is { } raced)
        {
            return raced;
        }
        return created.Object()["payload"]?["contact"] as JsonObject ?? throw new NodeFailedException("Chat created the contact without answering it.");
    }

    private async Task<JsonObject?> ContactByPhoneAsync(NodeExecution execution, string phone, CancellationToken cancellationToken)
    {
        var found = (await CallChatAsync(execution, HttpMethod.Get, $"/contacts/search?q={Uri.EscapeDataString(phone)}", null, cancellationToken)).Object();
        return (found["payload"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(c => c["phone_number"] is JsonValue value && value.TryGetValue<string>(out var number) && number == phone)?.DeepClone().AsObject();
    }

    /// <summary>Chat's account API: the account is the run's tenant.</summary>
    private Task<SuiteAnswer> CallChatAsync(NodeExecution execution, HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken) =>
        suite.CallAsync(SuiteServices.Chat, execution.TenantId, method, $"/api/v1/accounts/{execution.TenantId.ToString(CultureInfo.InvariantCulture)}{path}", body, cancellationToken);
}
