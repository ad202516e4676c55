using System.Globalization;

namespace VersatileHub.WhatsApp.Outbound;

/// <summary>
/// One WhatsApp message of a Chat message: WhatsApp carries one file per message, so a Chat message with files goes out as
/// several, each sent once under its own key (<see cref="ExternalId"/>).
/// </summary>
/// <param name="Type">WhatsApp's message type: <c>text</c>, <c>image</c>, <c>audio</c>, <c>video</c> or <c>document</c>.</param>
internal sealed record OutboundPart(int Index, string Type, string? Text, OutgoingAttachment? File)
{
    /// <summary>The key a provider keeps with the send (YCloud <c>externalId</c>, Meta <c>biz_opaque_callback_data</c>).</summary>
    public string ExternalId(long messageId) => Index == 0
        ? string.Create(CultureInfo.InvariantCulture, $"vh-{messageId}")
        : string.Create(CultureInfo.InvariantCulture, $"vh-{messageId}-{Index}");

    /// <summary>The largest file WhatsApp accepts for the type (Meta's supported media limits).</summary>
    public long MaxBytes => Type switch
    {
        "image" => 5L * 1024 * 1024,
        "document" => 100L * 1024 * 1024,
        _ => 16L * 1024 * 1024,
    };
}

internal static class OutboundParts
{
    /// <summary>WhatsApp's caption limit; a longer text goes as a message of its own.</summary>
    public const int MaxCaption = 1024;

    /// <summary>
    /// The parts in the order the customer reads them: one per file, the text as the caption of the first file that takes
    /// one (image, video, document); a text that no file can carry (audio only, or too long) goes first on its own.
    /// </summary>
    public static IReadOnlyList<OutboundPart> Of(string? content, IReadOnlyList<OutgoingAttachment>? attachments)
    {
        var text = string.IsNullOrWhiteSpace(content) ? null : content;
        if (attachments is not { Count: > 0 })
        {
            return text is null ? [] : [new OutboundPart(0, "text", text, null)];
        }
        var types = attachments.Select(TypeOf).ToList();
        var captioned = text is { Length: <= MaxCaption } ? types.FindIndex(t => t is "image" or "video" or "document") : -1;
        var parts = new List<OutboundPart>();
        if (text is not null && captioned < 0)
        {
            parts.Add(new OutboundPart(0, "text", text, null));
        }
        for (var i = 0; i < attachments.Count; i++)
        {
            parts.Add(new OutboundPart(parts.Count, types[i], i == captioned ? text : null, attachments[i]));
        }
        return parts;
    }

    /// <summary>What WhatsApp plays or shows inline (JPEG/PNG images, its audio and video formats); any other file is a document.</summary>
    private static string TypeOf(OutgoingAttachment file)
    {
        var mime = file.MimeType?.Split(';')[0].Trim().ToLowerInvariant();
        return mime switch
        {
            "image/jpeg" or "image/png" => "image",
            "audio/aac" or "audio/amr" or "audio/mpeg" or "audio/mp4" or "audio/ogg" => "audio",
            "video/mp4" or "video/3gpp" => "video",
            _ => "document",
        };
    }
}
