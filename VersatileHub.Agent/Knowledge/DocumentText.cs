using System.Text.RegularExpressions;
using System.Text;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;
using UglyToad.PdfPig;
using VersatileHub.Agent.Apis;

namespace VersatileHub.Agent.Knowledge;

/// <summary>A part of a document under one run of headings (outermost first), as paragraphs.</summary>
public sealed record DocumentSection(IReadOnlyList<string> Headings, IReadOnlyList<string> Paragraphs);

/// <summary>The text of an uploaded file: plain text and Markdown as written (UTF-8), PDF as PdfPig reads it in content order.</summary>
public sealed partial record DocumentText(string FileName, DocumentKind Kind, long SizeBytes, string Text)
{
    private const string Unsupported =
        "Subí un archivo de texto (.txt), Markdown (.md) o PDF (.pdf). / Upload a text (.txt), Markdown (.md) or PDF (.pdf) file.";

    /// <summary>Reads <paramref name="content"/> by its file extension, or by its media type when the name says nothing.</summary>
    public static DocumentText Read(string fileName, string? contentType, byte[] content)
    {
        var kind = KindOf(fileName, contentType) ?? throw new InvalidFieldException("file", Unsupported);
        var text = kind == DocumentKind.Pdf ? PdfText(content) : Utf8Text(content);
        return new DocumentText(fileName, kind, content.LongLength, text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'));
    }

    /// <summary>Markdown cut at its headings; other text as one section. Paragraphs are separated by blank lines.</summary>
    public IReadOnlyList<DocumentSection> Sections()
    {
        List<DocumentSection> sections = [];
        List<string> headings = [];
        List<string> paragraphs = [];
        StringBuilder paragraph = new();
        var inCodeBlock = false;

        void EndParagraph()
        {
            var text = paragraph.ToString().Trim();
            if (text.Length > 0)
            {
                paragraphs.Add(text);
            }
            paragraph.Clear();
        }

        void EndSection()
        {
            EndParagraph();
            if (paragraphs.Count > 0)
            {
                sections.Add(new DocumentSection([.. headings], [.. paragraphs]));
            }
            paragraphs.Clear();
        }

        foreach (var line in Text.Split('\n'))
        {
            if (Kind == DocumentKind.Markdown && line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inCodeBlock = !inCodeBlock;
            }
            if (Kind == DocumentKind.Markdown && !inCodeBlock && MarkdownHeading().Match(line) is { Success: true } heading)
            {
                EndSection();
                var level = heading.Groups["marks"].Length;
                headings.RemoveRange(Math.Min(level - 1, headings.Count), headings.Count - Math.Min(level - 1, headings.Count));
                headings.Add(heading.Groups["title"].Value.Trim());
            }
            else if (string.IsNullOrWhiteSpace(line) && !inCodeBlock)
            {
                EndParagraph();
            }
            else
            {
                paragraph.Append(paragraph.Length > 0 ? "\n" : "").Append(line.TrimEnd());
            }
        }
        EndSection();
        return sections;
    }

    private static DocumentKind? KindOf(string fileName, string? contentType) =>
        Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".txt" or ".text" => DocumentKind.Text,
            ".md" or ".markdown" => DocumentKind.Markdown,
            ".pdf" => DocumentKind.Pdf,
            "" => contentType?.Split(';')[0].Trim().ToLowerInvariant() switch
            {
                "text/plain" => DocumentKind.Text,
                "text/markdown" => DocumentKind.Markdown,
                "application/pdf" => DocumentKind.Pdf,
                _ => null,
            },
            _ => null,
        };

    private static string Utf8Text(byte[] content)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidFieldException("file", "El archivo no es texto UTF-8. / The file is not UTF-8 text.");
        }
    }

    private static string PdfText(byte[] content)
    {
        try
        {
            using var pdf = PdfDocument.Open(content);
            return string.Join("\n\n", pdf.GetPages().Select(page => ContentOrderTextExtractor.GetText(page, addDoubleNewline: true)));
        }
        catch (PdfDocumentEncryptedException)
        {
            throw new InvalidFieldException("file", "El PDF está protegido con contraseña. / The PDF is password-protected.");
        }
        // A parser fed with whatever was uploaded fails in many ways; each is the file's fault, not the service's.
        catch (Exception exception) when (exception is not (OutOfMemoryException or OperationCanceledException))
        {
            throw new InvalidFieldException("file", "El PDF no se puede leer. / The PDF cannot be read.");
        }
    }

    [GeneratedRegex(@"^(?<marks>#{1,6})\s+(?<title>.+?)\s*#*\s*$")]
    private static partial Regex MarkdownHeading();
}
