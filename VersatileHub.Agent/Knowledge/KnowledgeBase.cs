using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NpgsqlTypes;
using VersatileHub.Agent.Apis;
using VersatileHub.Agent.Data;

namespace VersatileHub.Agent.Knowledge;

/// <summary>A file as it arrived in an upload, opened only once its size is known to be within bounds.</summary>
public sealed record DocumentUpload(string FileName, string? ContentType, long Length, Func<Stream> Open);

/// <summary>A passage that answers a search, with the document it comes from, so that an answer can name it.</summary>
public sealed record KnowledgeHit(int DocumentId, string DocumentTitle, string Heading, string Text);

/// <summary>
/// The current tenant's knowledge base: documents uploaded by its staff, cut into passages and searched with PostgreSQL
/// full-text search, Spanish and English stems, blind to accents and case.
/// </summary>
public sealed class KnowledgeBase(AgentDbContext db, PassageCutter cutter, IOptions<KnowledgeOptions> options, TimeProvider time)
{
    public const int MaxQueryLength = 300;
    public const int MaxSearchLimit = 20;

    public async Task<KnowledgeDocument> AddAsync(DocumentUpload upload, string? title, CancellationToken cancellationToken)
    {
        if (upload.Length > options.Value.MaxDocumentBytes)
        {
            throw new TooLargeException("file", options.Value.MaxDocumentBytes);
        }
        if (upload.Length == 0)
        {
            throw new InvalidFieldException("file", "El archivo está vacío. / The file is empty.");
        }
        var content = new byte[upload.Length];
        await using (var stream = upload.Open())
        {
            await stream.ReadExactlyAsync(content, cancellationToken);
        }
        var document = KnowledgeDocument.From(DocumentText.Read(Path.GetFileName(upload.FileName), upload.ContentType, content), title,
            cutter, time.GetUtcNow());
        db.Add(document);
        await db.SaveChangesAsync(cancellationToken);
        return document;
    }

    public async Task<IReadOnlyList<DocumentSummary>> ListAsync(CancellationToken cancellationToken) =>
        await db.Set<KnowledgeDocument>().AsNoTracking()
            .OrderBy(d => d.Title).ThenBy(d => d.Id)
            .Select(d => new DocumentSummary(d.Id, d.Title, d.FileName, d.Kind, d.SizeBytes, d.Passages.Count, d.UploadedAt))
            .ToListAsync(cancellationToken);

    /// <summary>A document with its passages in order, or null when the tenant has none with that id.</summary>
    public async Task<KnowledgeDocument?> FindAsync(int id, CancellationToken cancellationToken) =>
        await db.Set<KnowledgeDocument>().AsNoTracking().Include(d => d.Passages.OrderBy(p => p.Ordinal))
            .SingleOrDefaultAsync(d => d.Id == id, cancellationToken);

    /// <summary>Removes a document and its passages; false when the tenant has none with that id.</summary>
    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken) =>
        await db.Set<KnowledgeDocument>().Where(d => d.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>
    /// The passages that best match <paramref name="query"/>, best first. Every word must appear (stemmed, in Spanish or in
    /// English); <c>or</c> between words and <c>"quoted phrases"</c> work as in a web search.
    /// </summary>
    public async Task<IReadOnlyList<KnowledgeHit>> SearchAsync(string query, int limit, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(query) || query.Length > MaxQueryLength)
        {
            throw new InvalidFieldException("q", $"Escribí qué buscar (hasta {MaxQueryLength} caracteres). / Type what to search for (up to {MaxQueryLength} characters).");
        }
        if (limit is < 1 or > MaxSearchLimit)
        {
            throw new InvalidFieldException("limit", $"Pedí entre 1 y {MaxSearchLimit} pasajes. / Ask for 1 to {MaxSearchLimit} passages.");
        }
        var q = query.Trim();
        return await db.Set<KnowledgePassage>().AsNoTracking()
            .Where(p => EF.Property<NpgsqlTsVector>(p, KnowledgeSearchSql.SearchVector).Matches(
                EF.Functions.WebSearchToTsQuery("spanish", EF.Functions.Unaccent(q)).Or(EF.Functions.WebSearchToTsQuery("english", EF.Functions.Unaccent(q)))))
            .OrderByDescending(p => EF.Property<NpgsqlTsVector>(p, KnowledgeSearchSql.SearchVector).RankCoverDensity(
                EF.Functions.WebSearchToTsQuery("spanish", EF.Functions.Unaccent(q)).Or(EF.Functions.WebSearchToTsQuery("english", EF.Functions.Unaccent(q)))))
            .ThenBy(p => p.DocumentId).ThenBy(p => p.Ordinal)
            .Take(limit)
            .Select(p => new KnowledgeHit(p.DocumentId, p.Document!.Title, p.Heading, p.Text))
            .ToListAsync(cancellationToken);
    }
}

/// <summary>A document as the knowledge base lists it.</summary>
public sealed record DocumentSummary(int Id, string Title, string FileName, DocumentKind Kind, long SizeBytes, int PassageCount, DateTimeOffset UploadedAt);
