using System.Text;
using Microsoft.Extensions.Options;

namespace VersatileHub.Agent.Knowledge;

/// <summary>
/// Cuts a document's sections into passages of at most <see cref="KnowledgeOptions.MaxPassageChars"/> characters: whole
/// paragraphs where they fit, else sentences, else words. A passage that continues a section repeats the last
/// <see cref="KnowledgeOptions.PassageOverlapChars"/> characters of the one before it (from a word boundary), so a search that
/// lands on it still has the sentence that led in. Passages never span two sections.
/// </summary>
public sealed class PassageCutter(IOptions<KnowledgeOptions> options)
{
    public const string HeadingSeparator = " › ";

    private int Max => options.Value.MaxPassageChars;

    private int Overlap => options.Value.PassageOverlapChars;

    public IEnumerable<(string Heading, string Text)> Cut(IEnumerable<DocumentSection> sections)
    {
        foreach (var section in sections)
        {
            var heading = string.Join(HeadingSeparator, section.Headings);
            foreach (var passage in Pack(section.Paragraphs.SelectMany(Pieces)))
            {
                yield return (heading, passage);
            }
        }
    }

    private IEnumerable<string> Pack(IEnumerable<(string Text, string Separator)> pieces)
    {
        StringBuilder passage = new();
        var hasNewText = false;
        foreach (var (text, separator) in pieces)
        {
            if (passage.Length > 0 && passage.Length + separator.Length + text.Length > Max)
            {
                var full = passage.ToString();
                yield return full;
                passage.Clear().Append(Tail(full));
                hasNewText = false;
            }
            passage.Append(passage.Length > 0 ? separator : "").Append(text);
            hasNewText = true;
        }
        if (hasNewText)
        {
            yield return passage.ToString();
        }
    }

    /// <summary>A paragraph as pieces that each fit in a passage after the overlap: itself, its sentences, or runs of its words.</summary>
    private IEnumerable<(string Text, string Separator)> Pieces(string paragraph)
    {
        var budget = Max - Overlap - 2;
        if (paragraph.Length <= budget)
        {
            yield return (paragraph, "\n\n");
            yield break;
        }
        var first = true;
        foreach (var sentence in Sentences(paragraph))
        {
            foreach (var piece in sentence.Length <= budget ? [sentence] : WordRuns(sentence, budget))
            {
                yield return (piece, first ? "\n\n" : " ");
                first = false;
            }
        }
    }

    private static IEnumerable<string> Sentences(string paragraph)
    {
        var start = 0;
        for (var i = 0; i < paragraph.Length; i++)
        {
            var endsSentence = paragraph[i] is '.' or '!' or '?' or '…' or '\n' && (i + 1 == paragraph.Length || char.IsWhiteSpace(paragraph[i + 1]));
            if (endsSentence)
            {
                var sentence = paragraph[start..(i + 1)].Trim();
                if (sentence.Length > 0)
                {
                    yield return sentence;
                }
                start = i + 1;
            }
        }
        if (paragraph[start..].Trim() is { Length: > 0 } rest)
        {
            yield return rest;
        }
    }

    private static IEnumerable<string> WordRuns(string sentence, int budget)
    {
        StringBuilder run = new();
        foreach (var word in sentence.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            // A "word" longer than a whole passage (a URL, a hash) is cut where it must be.
            for (var rest = word; rest.Length > 0;)
            {
                if (run.Length > 0 && run.Length + 1 + rest.Length > budget)
                {
                    yield return run.ToString();
                    run.Clear();
                }
                var take = Math.Min(rest.Length, budget - run.Length - (run.Length > 0 ? 1 : 0));
                run.Append(run.Length > 0 ? " " : "").Append(rest[..take]);
                rest = rest[take..];
            }
        }
        if (run.Length > 0)
        {
            yield return run.ToString();
        }
    }

    /// <summary>The end of a passage, at most <see cref="Overlap"/> characters, starting at a word.</summary>
    private string Tail(string passage)
    {
        if (Overlap == 0)
        {
            return "";
        }
        if (passage.Length <= Overlap)
        {
            return passage;
        }
        var start = passage.Length - Overlap;
        var word = passage.IndexOfAny([' ', '\n'], start);
        return word < 0 ? "" : passage[(word + 1)..].TrimStart();
    }
}
