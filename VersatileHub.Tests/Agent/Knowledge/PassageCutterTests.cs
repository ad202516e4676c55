using Microsoft.Extensions.Options;
using VersatileHub.Agent.Knowledge;

namespace VersatileHub.Tests.Agent.Knowledge;

public sealed class PassageCutterTests
{
    private static readonly PassageCutter Cutter = new(Options.Create(new KnowledgeOptions { MaxPassageChars = 200, PassageOverlapChars = 40 }));

    private static List<(string Heading, string Text)> Cut(string markdown) =>
        [.. Cutter.Cut(new DocumentText("guia.md", DocumentKind.Markdown, markdown.Length, markdown).Sections())];

    [Fact]
    public void Markdown_is_cut_at_its_headings_and_each_passage_carries_the_headings_above_it()
    {
        var passages = Cut("""
            # Guía

            Bienvenida.

            ## Pagos

            Aceptamos efectivo y tarjetas.

            ### Cuotas

            Hasta seis cuotas sin interés.

            ## Envíos

            A todo el país.
            """);

        Assert.Equal(
        [
            ("Guía", "Bienvenida."),
            ("Guía › Pagos", "Aceptamos efectivo y tarjetas."),
            ("Guía › Pagos › Cuotas", "Hasta seis cuotas sin interés."),
            ("Guía › Envíos", "A todo el país."),
        ], passages);
    }

    [Fact]
    public void Long_sections_become_bounded_passages_each_repeating_the_end_of_the_one_before()
    {
        var paragraphs = Enumerable.Range(1, 12).Select(i => $"Párrafo número {i} con algunas palabras de relleno para ocupar lugar.");

        var passages = Cut("## Largo\n\n" + string.Join("\n\n", paragraphs));

        Assert.True(passages.Count > 3);
        Assert.All(passages, p => Assert.InRange(p.Text.Length, 1, 200));
        for (var i = 1; i < passages.Count; i++)
        {
            var previousEnd = passages[i - 1].Text[^20..];
            Assert.Contains(previousEnd, passages[i].Text[..60], StringComparison.Ordinal);
        }
        var all = string.Join("\n", passages.Select(p => p.Text));
        Assert.All(paragraphs, p => Assert.Contains(p, all, StringComparison.Ordinal));
    }

    [Fact]
    public void A_paragraph_longer_than_a_passage_is_cut_between_sentences_and_words()
    {
        var sentence = string.Join(' ', Enumerable.Repeat("palabra", 60)) + ".";

        var passages = Cut($"Inicio corto. {sentence} Final corto.");

        Assert.All(passages, p => Assert.InRange(p.Text.Length, 1, 200));
        Assert.StartsWith("Inicio corto.", passages[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("Final corto.", passages[^1].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(passages, p => p.Text.Contains("palab ", StringComparison.Ordinal));
    }
}
