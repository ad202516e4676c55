using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using VersatileHub.Agent.Knowledge;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.Agent.Knowledge;

public sealed class KnowledgeBaseTests(KnowledgeWorld world) : IClassFixture<KnowledgeWorld>
{
    private const string Policies = """
        # Políticas de la tienda

        ## Cambios y devoluciones

        Aceptamos devoluciones dentro de los 30 días de la compra, con el ticket y la prenda sin uso.
        El reembolso se acredita en el mismo medio de pago.

        ## Shipping

        We ship nationwide; orders to Córdoba arrive within five business days.
        """;

    [Fact]
    public async Task An_uploaded_Markdown_document_answers_an_accent_blind_Spanish_query_and_an_English_query_naming_itself()
    {
        var uploaded = await (await KnowledgeWorld.UploadAsync(world.Admin, "politicas.md", Policies)).ReadAsync<DocumentView>();

        await using var scope = world.ScopeFor(world.TenantA);
        var knowledge = scope.ServiceProvider.GetRequiredService<KnowledgeBase>();
        var spanish = await knowledge.SearchAsync("devolucion dias", 5, default);
        var english = await knowledge.SearchAsync("shipping cordoba days", 5, default);

        Assert.Equal("Políticas de la tienda", uploaded.Title);
        Assert.Equal("markdown", uploaded.Kind);
        var refund = Assert.Single(spanish);
        Assert.Equal(uploaded.Id, refund.DocumentId);
        Assert.Equal("Políticas de la tienda", refund.DocumentTitle);
        Assert.Equal("Políticas de la tienda › Cambios y devoluciones", refund.Heading);
        Assert.Contains("30 días", refund.Text, StringComparison.Ordinal);
        var shipping = Assert.Single(english);
        Assert.Equal(uploaded.Id, shipping.DocumentId);
        Assert.Contains("five business days", shipping.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_ranks_the_passage_that_matches_best_first_and_honours_the_limit()
    {
        await KnowledgeWorld.UploadAsync(world.Admin, "talles.md", """
            # Guía de talles

            ## Calzado urbano

            Los talles de calzado van del 35 al 44. Quien baila en la calle puede usar su talle de siempre; la danza no cambia nada.

            ## Calzado de danza

            Para calzado de danza clásica recomendamos un talle menos: el calzado de danza ajusta al pie.
            """);

        var all = await (await world.Viewer.GetAsync("/api/agent/knowledge/search?q=calzado%20danza")).ReadAsync<KnowledgeHit[]>();
        var hits = await (await world.Viewer.GetAsync("/api/agent/knowledge/search?q=calzado%20danza&limit=1")).ReadAsync<KnowledgeHit[]>();

        Assert.Equal(["Guía de talles › Calzado de danza", "Guía de talles › Calzado urbano"], all.Select(h => h.Heading));
        var best = Assert.Single(hits);
        Assert.Equal("Guía de talles", best.DocumentTitle);
        Assert.StartsWith("Para calzado de danza clásica", best.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_PDF_document_is_read_for_its_text()
    {
        var pdf = new PdfDocumentBuilder();
        var font = pdf.AddStandard14Font(Standard14Font.Helvetica);
        var page = pdf.AddPage(PageSize.A4);
        page.AddText("Horario de atencion del estudio", 14, new PdfPoint(40, 780), font);
        page.AddText("Las clases de tango empiezan a las 19 horas los martes.", 11, new PdfPoint(40, 750), font);

        var uploaded = await (await KnowledgeWorld.UploadAsync(world.Admin, "horarios.pdf", pdf.Build(), "application/pdf")).ReadAsync<DocumentView>();
        var shown = await (await world.Viewer.GetAsync($"/api/agent/knowledge/documents/{uploaded.Id}")).ReadAsync<DocumentDetailView>();
        var hits = await (await world.Viewer.GetAsync("/api/agent/knowledge/search?q=tango%20martes")).ReadAsync<KnowledgeHit[]>();

        Assert.Equal("pdf", uploaded.Kind);
        Assert.Equal("horarios", uploaded.Title);
        Assert.Contains("Las clases de tango empiezan a las 19 horas los martes.", string.Join("\n", shown.Passages.Select(p => p.Text)), StringComparison.Ordinal);
        Assert.Equal(uploaded.Id, Assert.Single(hits).DocumentId);
    }

    [Fact]
    public async Task A_file_over_the_limit_is_a_413_naming_the_field_and_the_limit()
    {
        var limit = world.Agent.Services.GetRequiredService<IOptions<KnowledgeOptions>>().Value.MaxDocumentBytes;

        var justOver = await KnowledgeWorld.UploadAsync(world.Admin, "enorme.txt", new byte[limit + 1], "text/plain");
        var farOver = await KnowledgeWorld.UploadAsync(world.Admin, "gigante.txt", new byte[limit * 2], "text/plain");

        foreach (var refused in new[] { justOver, farOver })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
            var problem = await refused.ProblemAsync();
            Assert.Equal("file", problem.GetProperty("field").GetString());
            Assert.Equal(limit, problem.GetProperty("limitBytes").GetInt64());
        }
    }

    [Theory]
    [InlineData("contrato.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [InlineData("foto.png", "image/png")]
    [InlineData("sin-extension", "application/octet-stream")]
    public async Task A_file_of_an_unsupported_type_is_a_400_naming_the_file_field(string fileName, string contentType)
    {
        var refused = await KnowledgeWorld.UploadAsync(world.Admin, fileName, [1, 2, 3], contentType);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.ProblemAsync()).GetProperty("errors").TryGetProperty("file", out _));
    }

    [Fact]
    public async Task A_broken_PDF_an_empty_or_non_UTF8_text_a_missing_file_and_an_overlong_title_are_400s_and_nothing_is_stored()
    {
        var before = await (await world.Admin.GetAsync("/api/agent/knowledge/documents")).ReadAsync<DocumentView[]>();

        var brokenPdf = await KnowledgeWorld.UploadAsync(world.Admin, "roto.pdf", "%PDF-1.7 esto no es un PDF"u8.ToArray(), "application/pdf");
        var blank = await KnowledgeWorld.UploadAsync(world.Admin, "vacio.md", "\n\n   \n");
        var missing = await world.Admin.PostAsync("/api/agent/knowledge/documents", new MultipartFormDataContent { { new StringContent("Sin archivo"), "title" } });
        var notLatin = await KnowledgeWorld.UploadAsync(world.Admin, "latin1.txt", [0x63, 0x61, 0x66, 0xE9], "text/plain");
        var longTitle = await KnowledgeWorld.UploadAsync(world.Admin, "titulo.md", "# Hola\n\nTexto.", title: new string('t', KnowledgeDocument.MaxTitleLength + 1));

        foreach (var refused in new[] { brokenPdf, blank, missing, notLatin })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.ProblemAsync()).GetProperty("errors").TryGetProperty("file", out _));
        }
        Assert.Equal(HttpStatusCode.BadRequest, longTitle.StatusCode);
        Assert.True((await longTitle.ProblemAsync()).GetProperty("errors").TryGetProperty("title", out _));
        Assert.Equal(before.Length, (await (await world.Admin.GetAsync("/api/agent/knowledge/documents")).ReadAsync<DocumentView[]>()).Length);
    }

    [Fact]
    public async Task Members_read_the_documents_but_only_admins_upload_and_delete()
    {
        var uploaded = await (await KnowledgeWorld.UploadAsync(world.Admin, "faq.md", "# Preguntas frecuentes\n\n¿Hay estacionamiento? Sí, gratuito.")).ReadAsync<DocumentView>();

        var listed = await (await world.Viewer.GetAsync("/api/agent/knowledge/documents")).ReadAsync<DocumentView[]>();
        var viewerUpload = await KnowledgeWorld.UploadAsync(world.Viewer, "otro.md", "# Otro\n\nTexto.");
        var viewerDelete = await world.Viewer.DeleteAsync($"/api/agent/knowledge/documents/{uploaded.Id}");

        Assert.Contains(listed, d => d.Id == uploaded.Id && d.Title == "Preguntas frecuentes" && d.PassageCount == 1);
        Assert.Equal(HttpStatusCode.Forbidden, viewerUpload.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewerDelete.StatusCode);
    }

    [Fact]
    public async Task A_deleted_document_is_gone_and_no_longer_found()
    {
        var uploaded = await (await KnowledgeWorld.UploadAsync(world.Admin, "promo.md", "# Promoción de invierno\n\nQuince por ciento de descuento en zapatillas xilofónicas.")).ReadAsync<DocumentView>();

        var deleted = await world.Admin.DeleteAsync($"/api/agent/knowledge/documents/{uploaded.Id}");
        var shown = await world.Admin.GetAsync($"/api/agent/knowledge/documents/{uploaded.Id}");
        var hits = await (await world.Admin.GetAsync("/api/agent/knowledge/search?q=xilofonicas")).ReadAsync<KnowledgeHit[]>();

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, shown.StatusCode);
        Assert.Empty(hits);
    }

    [Fact]
    public async Task Another_tenants_documents_are_404_and_absent_from_its_list_and_search()
    {
        var uploaded = await (await KnowledgeWorld.UploadAsync(world.Admin, "secreto.md", "# Lista de precios mayoristas\n\nEl margen de reventa es del cuarenta por ciento.")).ReadAsync<DocumentView>();

        var shown = await world.Intruder.GetAsync($"/api/agent/knowledge/documents/{uploaded.Id}");
        var deleted = await world.Intruder.DeleteAsync($"/api/agent/knowledge/documents/{uploaded.Id}");
        var listed = await (await world.Intruder.GetAsync("/api/agent/knowledge/documents")).ReadAsync<DocumentView[]>();
        var searched = await (await world.Intruder.GetAsync("/api/agent/knowledge/search?q=margen%20reventa")).ReadAsync<KnowledgeHit[]>();
        await using var scope = world.ScopeFor(world.TenantB);
        var serviceSearch = await scope.ServiceProvider.GetRequiredService<KnowledgeBase>().SearchAsync("precios mayoristas", 5, default);

        Assert.Equal(HttpStatusCode.NotFound, shown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
        Assert.DoesNotContain(listed, d => d.Id == uploaded.Id);
        Assert.Empty(searched);
        Assert.Empty(serviceSearch);
        Assert.Equal(HttpStatusCode.OK, (await world.Admin.GetAsync($"/api/agent/knowledge/documents/{uploaded.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_search_without_words_or_with_a_limit_out_of_range_is_a_400_naming_the_field()
    {
        var empty = await world.Viewer.GetAsync("/api/agent/knowledge/search?q=%20");
        var tooMany = await world.Viewer.GetAsync("/api/agent/knowledge/search?q=talles&limit=500");

        Assert.True((await empty.ProblemAsync()).GetProperty("errors").TryGetProperty("q", out _));
        Assert.True((await tooMany.ProblemAsync()).GetProperty("errors").TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task The_knowledge_base_needs_a_signed_in_caller()
    {
        using var anonymous = world.Agent.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/agent/knowledge/documents")).StatusCode);
    }
}
