using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using VersatileHub.Agent.Tools;

namespace VersatileHub.Agent.Loop;

/// <summary>What a turn knows of its conversation: the latest messages as chat history, and the customer it acts for.</summary>
public sealed record ConversationContext(ConversationScope Scope, IReadOnlyList<ChatMessageContent> Messages)
{
    /// <summary>Whether the customer spoke last: otherwise someone already answered and there is nothing to reply to.</summary>
    public bool AwaitsReply => Messages.Count > 0 && Messages[^1].Role == AuthorRole.User;

    /// <summary>
    /// The last <paramref name="max"/> messages, never starting inside a tool exchange: a tool result without the call
    /// that asked for it, or a call without its results, is dropped with it, and the history starts with the customer.
    /// </summary>
    public static IReadOnlyList<ChatMessageContent> Trim(IReadOnlyList<ChatMessageContent> messages, int max)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var start = Math.Max(0, messages.Count - max);
        while (start < messages.Count && (messages[start].Role != AuthorRole.User))
        {
            start++;
        }
        return [.. messages.Skip(start)];
    }
}

/// <summary>Reads a conversation's latest messages and its contact's Hub customer from Chat's API.</summary>
public sealed class ConversationReader(SuiteClients chat, IOptions<AgentOptions> options)
{
    public async Task<ConversationContext?> ReadAsync(ConversationKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var max = options.Value.ContextMessages;
        var messages = new List<ChatwootMessage>();
        long? before = null;
        while (messages.Count < max)
        {
            var path = $"/api/v1/accounts/{key.Tenant}/conversations/{key.DisplayId}/messages" + (before is { } id ? $"?before={id}" : "");
            var page = await chat.GetAsync<MessagePage>(SuiteClients.Chat, key.Tenant, path, cancellationToken);
            if (page is null)
            {
                return null;
            }
            messages.InsertRange(0, page.Payload);
            if (page.Payload.Count == 0 || page.Payload.Count < PageSize)
            {
                break;
            }
            before = page.Payload[0].Id;
        }
        var contact = await chat.GetAsync<ContactPayload>(SuiteClients.Chat, key.Tenant, $"/api/v1/accounts/{key.Tenant}/contacts/{key.ContactId}", cancellationToken);
        var history = messages.Select(ToChat).OfType<ChatMessageContent>().ToList();
        return new ConversationContext(
            new ConversationScope(key.Tenant, key.ConversationId, key.ContactId, contact?.Payload.HubCustomerId),
            ConversationContext.Trim(history, max));
    }

    /// <summary>Chat answers 20 messages a page.</summary>
    private const int PageSize = 20;

    private static ChatMessageContent? ToChat(ChatwootMessage message)
    {
        if (message.Private)
        {
            return null;
        }
        var text = message.Content ?? "";
        foreach (var attachment in message.Attachments ?? [])
        {
            text += $"\n[{attachment.FileType}]";
        }
        return message.MessageType switch
        {
            Incoming => new ChatMessageContent(AuthorRole.User, text.Trim()),
            Outgoing or Template when text.Length > 0 => new ChatMessageContent(AuthorRole.Assistant, text.Trim()),
            _ => null,
        };
    }

    private const int Incoming = 0;
    private const int Outgoing = 1;
    private const int Template = 3;

    private sealed record MessagePage(List<ChatwootMessage> Payload);

    private sealed record ChatwootMessage(long Id, string? Content, int MessageType, bool Private, List<ChatwootAttachment>? Attachments);

    private sealed record ChatwootAttachment(string FileType);

    private sealed record ContactPayload(ContactView Payload);

    private sealed record ContactView([property: JsonPropertyName("hub_customer_id")] int? HubCustomerId);
}
