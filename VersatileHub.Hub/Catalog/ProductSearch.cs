using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Data;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Catalog;

public sealed record ProductHit(
    int ProductId, string Name, string Description, string? Category, Money Price, double Rank,
    IReadOnlyList<string> MatchedBy, IReadOnlyList<VariantView> Variants);

/// <summary>
/// Full-text product search in Spanish and English, blind to accents and case. Words that are values of some variant's
/// attributes ("37", "negro") select the variant; attribute names ("talle", "size") are dropped; the rest must all
/// appear in the product's name, description, category or attributes, and rank it.
/// </summary>
public sealed class ProductSearch(HubDbContext db, CurrentTenant tenant)
{
    public const int MaxResults = 50;
    public const int MaxQueryLength = 200;

    /// <summary>Words that name an attribute rather than describe a product, besides the attribute names in use.</summary>
    internal static readonly HashSet<string> AttributeWords =
        ["talle", "talles", "talla", "tallas", "size", "sizes", "numero", "numeros", "number", "color", "colores", "colour", "colours", "medida"];

    public async Task<IReadOnlyList<ProductHit>> SearchAsync(string? query, int? limit, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(query) || query.Length > MaxQueryLength)
        {
            throw new InvalidFieldException("q", new UserText($"Escribí qué buscar (hasta {MaxQueryLength} caracteres).", $"Type what to search for (up to {MaxQueryLength} characters)."));
        }
        if (limit is < 1 or > MaxResults)
        {
            throw new InvalidFieldException("limit", new UserText($"El límite va de 1 a {MaxResults}.", $"Limit must be 1 to {MaxResults}."));
        }

        var terms = Terms(query);
        if (terms.Count == 0)
        {
            return [];
        }
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var (selectors, textQuery) = await ClassifyAsync(connection, terms, cancellationToken);
            if (selectors.Count == 0 && textQuery is null)
            {
                return [];
            }
            return await HitsAsync(connection, selectors, textQuery, limit ?? 20, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The query's words, lower-cased and without accents, as <c>vh_unaccent</c> and <c>lower</c> leave them in the database.</summary>
    internal static List<string> Terms(string query)
    {
        var plain = new StringBuilder(query.Length);
        foreach (var c in query.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                plain.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
            }
        }
        return plain.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().Take(20).ToList();
    }

    private async Task<(List<string> Selectors, string? TextQuery)> ClassifyAsync(
        NpgsqlConnection connection, List<string> terms, CancellationToken cancellationToken)
    {
        // Each word is two primary-key lookups in the tenant's counts of attribute words (see CatalogSearchSql.AttributeTerms).
        var sql = string.Join("\nUNION ALL\n", terms.Select((_, i) => $"""
            SELECT {i} AS position, @t{i} AS term,
                   EXISTS (SELECT 1 FROM catalog_attribute_terms c WHERE c.tenant_id = @tenant AND c.kind = 'v' AND c.term = @t{i} AND c.variants > 0),
                   EXISTS (SELECT 1 FROM catalog_attribute_terms c WHERE c.tenant_id = @tenant AND c.kind = 'n' AND c.term = @t{i} AND c.variants > 0),
                   numnode(plainto_tsquery('spanish', @t{i})) > 0 AND numnode(plainto_tsquery('english', @t{i})) > 0,
                   (plainto_tsquery('spanish', @t{i}) || plainto_tsquery('english', @t{i}))::text
            """)) + "\nORDER BY position";
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("tenant", tenant.RequiredId);
        for (var i = 0; i < terms.Count; i++)
        {
            command.Parameters.Add(new NpgsqlParameter<string>($"t{i}", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = terms[i] });
        }
        var selectors = new List<string>();
        var words = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var term = reader.GetString(1);
            if (reader.GetBoolean(2))
            {
                selectors.Add(term);
            }
            else if (!reader.GetBoolean(3) && !AttributeWords.Contains(term) && reader.GetBoolean(4))
            {
                // Stop words of either language ("de", "the") are left out: the other language would require them.
                words.Add($"({reader.GetString(5)})");
            }
        }
        return (selectors, words.Count == 0 ? null : string.Join(" & ", words));
    }

    /// <summary>
    /// Ranks the matching products and loads the best with their category and selected variants in one statement: one
    /// round trip, and <c>ts_rank</c> (frequency and weight) rather than <c>ts_rank_cd</c>, whose cover density cost three
    /// times as much over the thousands of products a common word matches (docs/BENCHMARKS.md). With selectors, the ranked
    /// products are checked for a matching variant one by one, best first, until the page is full: a join would first
    /// gather every variant having the selected size or colour, tens of thousands for a common one.
    /// </summary>
    private async Task<List<ProductHit>> HitsAsync(
        NpgsqlConnection connection, List<string> selectors, string? textQuery, int limit, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("WITH ranked AS (SELECT m.id, m.name, m.rank FROM (SELECT p.id, p.name, ");
        sql.Append(textQuery is null ? "0::real" : "ts_rank(p.search_vector, @query::tsquery)");
        sql.Append(" AS rank FROM products p WHERE p.tenant_id = @tenant AND p.active");
        if (textQuery is not null)
        {
            sql.Append(" AND p.search_vector @@ @query::tsquery");
        }
        // OFFSET 0 keeps the ordered matches a subquery of their own: the variant check runs in rank order and stops at the limit.
        sql.Append(" ORDER BY rank DESC, p.name, p.id OFFSET 0) m");
        if (selectors.Count > 0)
        {
            sql.Append(" CROSS JOIN LATERAL (SELECT 1 FROM product_variants v WHERE v.product_id = m.id AND v.attribute_terms @> @selectors LIMIT 1) selected");
        }
        sql.Append(" ORDER BY m.rank DESC, m.name, m.id LIMIT @limit)");
        sql.Append("""

            SELECT r.id, r.rank, r.name, p.description, c.name, p.price, p.currency,
                   v.id, v.sku, v.stock, v.attributes::text, v.price_override
            FROM ranked r
            JOIN products p ON p.id = r.id
            LEFT JOIN categories c ON c.id = p.category_id
            LEFT JOIN LATERAL (
                SELECT v.* FROM product_variants v
                WHERE v.product_id = r.id AND v.tenant_id = @tenant AND v.attribute_terms @> @selectors) v ON true
            ORDER BY r.rank DESC, r.name, r.id, v.id
            """);

        await using var command = new NpgsqlCommand(sql.ToString(), connection);
        command.Parameters.AddWithValue("tenant", tenant.RequiredId);
        command.Parameters.AddWithValue("query", textQuery ?? "");
        command.Parameters.AddWithValue("selectors", selectors.ToArray());
        command.Parameters.AddWithValue("limit", limit);
        var hits = new List<ProductHit>();
        List<VariantView> variants = [];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt32(0);
            if (hits.Count == 0 || hits[^1].ProductId != id)
            {
                variants = [];
                hits.Add(new ProductHit(
                    id, reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                    Money.Of(reader.GetDecimal(5), reader.GetString(6)), reader.GetFloat(1), selectors, variants));
            }
            if (!reader.IsDBNull(7))
            {
                var productPrice = hits[^1].Price;
                var price = reader.IsDBNull(11) ? productPrice : productPrice.WithAmount(reader.GetDecimal(11), "price");
                variants.Add(new VariantView(
                    reader.GetInt32(7), reader.GetString(8), reader.GetInt32(9), ProductAttributes.FromJson(reader.GetString(10)).Values, price));
            }
        }
        return hits;
    }
}
