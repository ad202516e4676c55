using System.Text;
using System.Text.RegularExpressions;

namespace VersatileHub.Agent.Replies;

/// <summary>One message of a reply: text, or a picture by URL with an optional caption.</summary>
public sealed record ReplyPart(int Part, int Total, string? Text = null, string? ImageUrl = null, string? Caption = null);

/// <summary>
/// A reply as the channel sends it: <c>{status, send, messages: [{part, total, text | imageUrl}]}</c>. The model's text
/// is cut into ordered parts: each Markdown picture <c>![caption](url)</c> becomes an image part, and text longer than
/// WhatsApp's 4096 characters (or a caption over 1024) is split at paragraph, sentence or word boundaries.
/// </summary>
public sealed partial record Reply(string Status, bool Send, IReadOnlyList<ReplyPart> Messages)
{
    /// <summary>WhatsApp Cloud API: a text body holds up to 4096 characters, a media caption up to 1024.</summary>
    public const int MaxTextLength = 4096;
    public const int MaxCaptionLength = 1024;

    /// <summary>The bot had nothing to send: the model failed on every profile, or said nothing.</summary>
    public static Reply Nothing(string status) => new(status, false, []);

    public static Reply FromModelText(string? text)
    {
        var pieces = new List<(string? Text, string? Url, string? Caption)>();
        var rest = text ?? "";
        var at = 0;
        foreach (Match image in MarkdownImage().Matches(rest))
        {
            AddText(pieces, rest[at..image.Index]);
            var caption = image.Groups["caption"].Value.Trim();
            if (caption.Length > MaxCaptionLength)
            {
                var chunks = Split(caption, MaxCaptionLength);
                pieces.Add((null, image.Groups["url"].Value, chunks[0]));
                pieces.AddRange(chunks.Skip(1).Select(c => ((string?)c, (string?)null, (string?)null)));
            }
            else
            {
                pieces.Add((null, image.Groups["url"].Value, caption.Length > 0 ? caption : null));
            }
            at = image.Index + image.Length;
        }
        AddText(pieces, rest[at..]);
        if (pieces.Count == 0)
        {
            return Nothing("empty");
        }
        return new Reply("ok", true, pieces.Select((p, i) => new ReplyPart(i + 1, pieces.Count, p.Text, p.Url, p.Caption)).ToList());
    }

    private static void AddText(List<(string?, string?, string?)> pieces, string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 0)
        {
            pieces.AddRange(Split(trimmed, MaxTextLength).Select(c => ((string?)c, (string?)null, (string?)null)));
        }
    }

    /// <summary>Cuts <paramref name="text"/> into chunks of at most <paramref name="limit"/> characters, preferring paragraph, then sentence, then word ends.</summary>
    internal static List<string> Split(string text, int limit)
    {
        var chunks = new List<string>();
        var rest = text.Trim();
        while (rest.Length > limit)
        {
            var window = rest[..limit];
            var cut = LastBreak(window, "\n\n", limit / 2) ?? LastBreak(window, ". ", limit / 2) ?? LastBreak(window, " ", limit / 4) ?? limit;
            chunks.Add(rest[..cut].Trim());
            rest = rest[cut..].Trim();
        }
        if (rest.Length > 0)
        {
            chunks.Add(rest);
        }
        return chunks;
    }

    private static int? LastBreak(string window, string separator, int notBefore)
    {
        var index = window.LastIndexOf(separator, StringComparison.Ordinal);
        return index >= notBefore ? index + separator.Length : null;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var part in Messages)
        {
            text.AppendLine(part.Text ?? $"[{part.ImageUrl}] {part.Caption}");
        }
        return text.ToString();
    }

    [GeneratedRegex(@"!\[(?<caption>[^\]]*)\]\((?<url>https?://[^\s)]+)\)")]
    private static partial Regex MarkdownImage();
}
