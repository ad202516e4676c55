using VersatileHub.Chat.Events;
using VersatileHub.Chat.Realtime;

namespace VersatileHub.Chat.Web;

internal static class LiveUpdates
{
    /// <summary>The conversation (its display id) a live update is about; null when it names none.</summary>
    public static int? ConversationOf(LiveUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var payload = update.Payload;
        var isMessage = update.Type.StartsWith("message.", StringComparison.Ordinal);
        var conversation = isMessage ? payload : payload.TryGetProperty("conversation", out var inner) ? inner : payload;
        var name = isMessage ? "conversation_display_id" : "display_id";
        return conversation.TryGetProperty(name, out var id) && id.TryGetInt32(out var displayId) ? displayId : null;
    }

    /// <summary>A customer's new message (not a reply, a note or an activity line): what the inbox's sound announces.</summary>
    public static bool IsNewIncomingMessage(LiveUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update.Type == ChatEventTypes.MessageCreated
            && update.Payload.TryGetProperty("message_type", out var type) && type.ValueKind == System.Text.Json.JsonValueKind.String && type.GetString() == "incoming"
            && !(update.Payload.TryGetProperty("private", out var isPrivate) && isPrivate.ValueKind == System.Text.Json.JsonValueKind.True);
    }
}
