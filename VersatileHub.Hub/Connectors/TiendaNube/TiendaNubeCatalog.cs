using System.Net;
using System.Text.RegularExpressions;
using VersatileHub.Hub.Catalog;
using VersatileHub.Hub.Api;

namespace VersatileHub.Hub.Connectors.TiendaNube;

/// <summary>
/// A Tienda Nube store's products as the Hub's catalog views: names and descriptions in the store's main language,
/// prices (strings in the API) as <see cref="Money"/> in the store's currency, stock null where the store does not limit it.
/// </summary>
internal static partial class TiendaNubeCatalog
{
    /// <summary>Store pages read for one search at most, following the API's <c>Link</c> header.</summary>
    private const int MaxSearchPages = 4;

    private const int SearchPageSize = 50;

    /// <summary>
    /// Searches the store as the native search does: words naming an attribute ("talle") are dropped, numbers ("37")
    /// select the variants that have them, the other words go to the store's own search (<c>q</c>). A hit says which
    /// variants matched and why, and has none of the others.
    /// </summary>
    public static async Task<IReadOnlyList<ProductHit>> SearchAsync(
        TiendaNubeStore store, string? query, int? limit, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(query) || query.Length > ProductSearch.MaxQueryLength)
        {
            throw new InvalidFieldException("q", new UserText($"Escribí qué buscar (hasta {ProductSearch.MaxQueryLength} caracteres).", $"Type what to search for (up to {ProductSearch.MaxQueryLength} characters)."));
        }
        if (limit is < 1 or > ProductSearch.MaxResults)
        {
            throw new InvalidFieldException("limit", new UserText($"El límite va de 1 a {ProductSearch.MaxResults}.", $"Limit must be 1 to {ProductSearch.MaxResults}."));
        }

        var words = Words(query).Where(w => !ProductSearch.AttributeWords.Contains(w.Plain)).ToList();
        if (words.Count == 0)
        {
            return [];
        }
        var numbers = words.Where(w => w.Plain.All(char.IsAsciiDigit)).Select(w => w.Plain).ToList();
        var text = words.Where(w => !w.Plain.All(char.IsAsciiDigit)).Select(w => w.Original).ToList();

        var settings = await store.SettingsAsync(cancellationToken);
        var hits = new List<ProductHit>();
        var page = await store.ProductsAsync(text.Count == 0 ? null : string.Join(' ', text), null, 1, SearchPageSize, cancellationToken);
        for (var pages = 1; ; pages++)
        {
            foreach (var product in page.Items.Where(p => p.Published))
            {
                if (Hit(product, numbers, words.Select(w => w.Plain).ToHashSet(), settings, hits.Count) is { } hit)
                {
                    hits.Add(hit);
                }
            }
            if (hits.Count >= (limit ?? 20) || pages == MaxSearchPages || page.Next is null)
            {
                break;
            }
            page = await store.NextProductsAsync(page.Next, cancellationToken);
        }
        return hits.Take(limit ?? 20).ToList();
    }

    public static async Task<Page<ProductView>> ListAsync(
        TiendaNubeStore store, int? categoryId, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var request = PageRequest.Of(page, pageSize);
        var settings = await store.SettingsAsync(cancellationToken);
        var products = await store.ProductsAsync(null, categoryId, request.Number, request.Size, cancellationToken);
        var views = products.Items.Select(p => View(p, settings)).ToList();
        return request.Holding(views, products.Total ?? request.Skip + views.Count);
    }

    public static async Task<ProductView?> GetAsync(TiendaNubeStore store, int id, CancellationToken cancellationToken) =>
        await store.ProductAsync(id, cancellationToken) is { } product ? View(product, await store.SettingsAsync(cancellationToken)) : null;

    public static ProductView View(ProductResource product, StoreResource settings)
    {
        var language = settings.MainLanguage;
        return new ProductView(
            HubId(product.Id),
            Name(product, language),
            PlainText(product.Description?.In(language)),
            CategoryId: null,
            PriceFrom(product, settings),
            (product.Images ?? []).OrderBy(i => i.Position).Select(i => i.Src).ToList(),
            new Dictionary<string, string>(),
            product.Published,
            (product.Variants ?? []).Select(v => Variant(product, v, settings)).ToList(),
            Version: 0);
    }

    private static ProductHit? Hit(ProductResource product, List<string> numbers, HashSet<string> words, StoreResource settings, int position)
    {
        var variants = (product.Variants ?? []).Select(v => (Variant: v, Values: PlainValues(v))).ToList();
        var productWords = Words($"{string.Join(' ', product.Name?.All ?? [])} {PlainText(string.Join(' ', product.Description?.All ?? []))}")
            .Select(w => w.Plain).ToHashSet();

        // A word is a selector when some variant has it as a value; a number no variant has must be in the product's text.
        var selectors = words.Where(w => variants.Any(v => v.Values.Contains(w))).Order(StringComparer.Ordinal).ToList();
        if (numbers.Any(n => !selectors.Contains(n) && !productWords.Contains(n)))
        {
            return null;
        }
        var matched = variants.Where(v => selectors.All(v.Values.Contains)).Select(v => Variant(product, v.Variant, settings)).ToList();
        if (selectors.Count > 0 && matched.Count == 0)
        {
            return null;
        }
        var category = product.Categories?.FirstOrDefault()?.Name?.In(settings.MainLanguage);
        return new ProductHit(HubId(product.Id), Name(product, settings.MainLanguage), PlainText(product.Description?.In(settings.MainLanguage)),
            category, PriceFrom(product, settings), Rank: 1.0 / (position + 1), selectors, matched);
    }

    private static VariantView Variant(ProductResource product, VariantResource variant, StoreResource settings)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var values = variant.Values ?? [];
        for (var i = 0; i < values.Count; i++)
        {
            var name = product.Attributes is { } names && i < names.Count ? names[i].In(settings.MainLanguage) : "";
            attributes[name.Length > 0 ? name : $"atributo {i + 1}"] = values[i].In(settings.MainLanguage);
        }
        return new VariantView(HubId(variant.Id), variant.Sku ?? "", variant.Unlimited ? null : variant.Stock, attributes,
            Price(variant.Price ?? 0, settings));
    }

    /// <summary>The lowest price of the product's variants: what it costs "from".</summary>
    private static Money PriceFrom(ProductResource product, StoreResource settings) =>
        Price((product.Variants ?? []).Select(v => v.Price ?? 0).DefaultIfEmpty(0).Min(), settings);

    private static Money Price(decimal amount, StoreResource settings)
    {
        try
        {
            return Money.Of(decimal.Round(amount, 2), settings.MainCurrency);
        }
        catch (InvalidFieldException exception)
        {
            // Not the caller's mistake: the store sent a price or currency the Hub cannot show.
            throw new TiendaNubeException(StoreFailure.Failed,
                $"La tienda envió un precio que el Hub no puede mostrar ({amount} {settings.MainCurrency}). / " +
                $"The store sent a price the Hub cannot show ({amount} {settings.MainCurrency}).", inner: exception);
        }
    }

    private static string Name(ProductResource product, string? language) => product.Name?.In(language) ?? "";

    private static HashSet<string> PlainValues(VariantResource variant) =>
        (variant.Values ?? []).SelectMany(v => v.All).SelectMany(Words).Select(w => w.Plain).ToHashSet(StringComparer.Ordinal);

    /// <summary>Ids the Hub's views hold as <c>int</c>; a store id beyond that is reported rather than cut.</summary>
    internal static int HubId(long id) => id is > 0 and <= int.MaxValue
        ? (int)id
        : throw new TiendaNubeException(StoreFailure.Failed,
            $"La tienda usa un id ({id}) mayor que el que el Hub admite. / The store uses an id ({id}) larger than the Hub holds.");

    /// <summary>The API's descriptions are HTML; the Hub's are plain text.</summary>
    private static string PlainText(string? html) =>
        string.IsNullOrEmpty(html) ? "" : Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(html, " ")), " ").Trim();

    /// <summary>The words of a text, each as written and as the native search compares them (lower case, no accents).</summary>
    private static IEnumerable<(string Original, string Plain)> Words(string text) =>
        WordPattern().Matches(text).Select(m => (m.Value, Plain: ProductSearch.Terms(m.Value).FirstOrDefault() ?? ""))
            .Where(w => w.Plain.Length > 0).DistinctBy(w => w.Plain);

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"[\p{L}\p{Mn}\p{Nd}]+")]
    private static partial Regex WordPattern();
}
