using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using VersatileHub.Agent.Apis;

namespace VersatileHub.Agent.Knowledge;

/// <summary>The knowledge base's documents (<c>/api/agent/knowledge</c>): admins upload and delete, members read and search.</summary>
internal static class KnowledgeApi
{
    /// <summary>Room in a multipart body for the boundaries, part headers and title besides the file itself.</summary>
    private const long FormOverheadBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapKnowledgeApi(this IEndpointRouteBuilder app)
    {
        var knowledge = app.MapGroup("/api/agent/knowledge").RequireAuthorization(AgentPolicies.Read).WithRequestErrors();
        knowledge.MapGet("/documents", ListDocuments);
        knowledge.MapGet("/documents/{id:int}", ShowDocument);
        knowledge.MapPost("/documents", UploadDocument).RequireAuthorization(AgentPolicies.Administer).DisableAntiforgery();
        knowledge.MapDelete("/documents/{id:int}", DeleteDocument).RequireAuthorization(AgentPolicies.Administer);
        knowledge.MapGet("/search", Search);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<DocumentView>>> ListDocuments(KnowledgeBase knowledge, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<DocumentView>>((await knowledge.ListAsync(cancellationToken)).Select(DocumentView.Of).ToList());

    public static async Task<Results<Ok<DocumentDetailView>, NotFound>> ShowDocument(int id, KnowledgeBase knowledge, CancellationToken cancellationToken) =>
        await knowledge.FindAsync(id, cancellationToken) is { } document ? TypedResults.Ok(DocumentDetailView.Of(document)) : TypedResults.NotFound();

    /// <summary>Multipart form data: the document in <c>file</c>, an optional <c>title</c>.</summary>
    public static async Task<Created<DocumentView>> UploadDocument(HttpRequest request, KnowledgeBase knowledge, IOptions<KnowledgeOptions> options,
        CancellationToken cancellationToken)
    {
        // Refused before the form is read when the body alone says the file cannot fit.
        if (request.ContentLength > options.Value.MaxDocumentBytes + FormOverheadBytes)
        {
            throw new TooLargeException("file", options.Value.MaxDocumentBytes);
        }
        if (!request.HasFormContentType)
        {
            throw new InvalidFieldException("file", "Mandá el documento como multipart/form-data en el campo file. / Send the document as multipart/form-data in the field file.");
        }
        var form = await request.ReadFormAsync(cancellationToken);
        var file = form.Files.GetFile("file")
            ?? throw new InvalidFieldException("file", "Falta el archivo (campo file). / The file is missing (field file).");
        var document = await knowledge.AddAsync(new DocumentUpload(file.FileName, file.ContentType, file.Length, file.OpenReadStream),
            form["title"].ToString(), cancellationToken);
        var view = DocumentView.Of(new DocumentSummary(document.Id, document.Title, document.FileName, document.Kind, document.SizeBytes,
            document.Passages.Count, document.UploadedAt));
        return TypedResults.Created($"/api/agent/knowledge/documents/{document.Id}", view);
    }

    public static async Task<Results<NoContent, NotFound>> DeleteDocument(int id, KnowledgeBase knowledge, CancellationToken cancellationToken) =>
        await knowledge.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    public static async Task<Ok<IReadOnlyList<KnowledgeHit>>> Search(string? q, int? limit, KnowledgeBase knowledge, CancellationToken cancellationToken) =>
        TypedResults.Ok(await knowledge.SearchAsync(q ?? "", limit ?? 5, cancellationToken));
}

public sealed record DocumentView(int Id, string Title, string FileName, string Kind, long SizeBytes, int PassageCount, DateTimeOffset UploadedAt)
{
    public static DocumentView Of(DocumentSummary document) => new(document.Id, document.Title, document.FileName,
        document.Kind.ToString().ToLowerInvariant(), document.SizeBytes, document.PassageCount, document.UploadedAt);
}

public sealed record PassageView(int Ordinal, string Heading, string Text);

public sealed record DocumentDetailView(int Id, string Title, string FileName, string Kind, long SizeBytes, DateTimeOffset UploadedAt,
    IReadOnlyList<PassageView> Passages)
{
    public static DocumentDetailView Of(KnowledgeDocument document) => new(document.Id, document.Title, document.FileName,
        document.Kind.ToString().ToLowerInvariant(), document.SizeBytes, document.UploadedAt,
        document.Passages.Select(p => new PassageView(p.Ordinal, p.Heading, p.Text)).ToList());
}
