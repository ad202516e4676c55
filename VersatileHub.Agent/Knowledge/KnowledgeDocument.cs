using VersatileHub.Agent.Apis;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Agent.Knowledge;

/// <summary>The kinds of file the knowledge base reads.</summary>
public enum DocumentKind
{
    Text,
    Markdown,
    Pdf,
}

/// <summary>A document a tenant's staff uploaded for the agent to answer from, kept as the passages it was cut into.</summary>
public sealed class KnowledgeDocument : ITenantOwned
{
    public const int MaxTitleLength = 200;
    public const int MaxFileNameLength = 255;

    private readonly List<KnowledgePassage> _passages = [];

    private KnowledgeDocument()
    {
    }

    public int Id { get; private set; }

    public int TenantId { get; private set; }

    public string Title { get; private set; } = "";

    public string FileName { get; private set; } = "";

    public DocumentKind Kind { get; private set; }

    public long SizeBytes { get; private set; }

    public DateTimeOffset UploadedAt { get; private set; }

    public IReadOnlyList<KnowledgePassage> Passages => _passages;

    /// <summary>A document from its extracted text, cut into passages; its title is the one given, else the text's first heading, else the file's name.</summary>
    public static KnowledgeDocument From(DocumentText text, string? title, PassageCutter cutter, DateTimeOffset uploadedAt)
    {
        var sections = text.Sections();
        var document = new KnowledgeDocument
        {
            Title = TitleOf(title, sections, text.FileName),
            FileName = text.FileName.Length <= MaxFileNameLength ? text.FileName : text.FileName[..MaxFileNameLength],
            Kind = text.Kind,
            SizeBytes = text.SizeBytes,
            UploadedAt = uploadedAt,
        };
        var ordinal = 0;
        foreach (var (heading, body) in cutter.Cut(sections))
        {
            document._passages.Add(new KnowledgePassage(ordinal++, heading, body));
        }
        if (document._passages.Count == 0)
        {
            throw new InvalidFieldException("file", "El documento no tiene texto. / The document has no text.");
        }
        return document;
    }

    private static string TitleOf(string? given, IReadOnlyList<DocumentSection> sections, string fileName)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            var trimmed = given.Trim();
            return trimmed.Length <= MaxTitleLength
                ? trimmed
                : throw new InvalidFieldException("title", $"El título puede tener hasta {MaxTitleLength} caracteres. / The title may be up to {MaxTitleLength} characters.");
        }
        var fromText = sections.Select(s => s.Headings.FirstOrDefault()).FirstOrDefault(h => h is not null)
            ?? Path.GetFileNameWithoutExtension(fileName);
        return fromText.Length <= MaxTitleLength ? fromText : fromText[..MaxTitleLength];
    }
}

/// <summary>One searchable passage of a document: the headings it sits under and its text.</summary>
public sealed class KnowledgePassage : ITenantOwned
{
    private KnowledgePassage()
    {
    }

    internal KnowledgePassage(int ordinal, string heading, string text)
    {
        Ordinal = ordinal;
        Heading = heading;
        Text = text;
    }

    public long Id { get; private set; }

    public int TenantId { get; private set; }

    public int DocumentId { get; private set; }

    public KnowledgeDocument? Document { get; private set; }

    /// <summary>Its place in the document, from 0.</summary>
    public int Ordinal { get; private set; }

    /// <summary>The headings above it, outermost first, joined by " › " (empty for text without headings).</summary>
    public string Heading { get; private set; } = "";

    public string Text { get; private set; } = "";
}
