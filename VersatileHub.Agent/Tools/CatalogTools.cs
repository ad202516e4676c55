using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.SemanticKernel;

namespace VersatileHub.Agent.Tools;

/// <summary>The Hub's catalog as the model sees it: short JSON with names, prices, stock and pictures, cached per tenant.</summary>
internal sealed class CatalogTools(int tenant, SuiteClients hub, CatalogCache cache)
{
    private const int MaxResults = 5;
    private const int MaxDescription = 240;

    [KernelFunction("search_products"), Description("Searches the business's products by words (name, description, size, colour). Returns up to 5 products with price, stock and picture URLs.")]
    public Task<string> SearchProductsAsync([Description("What the customer is looking for")] string query, CancellationToken cancellationToken) =>
        cache.GetOrAddAsync(tenant, "search:" + Normalize(query), async () =>
        {
            var hits = await hub.GetAsync<List<Hit>>(SuiteClients.Hub, tenant,
                $"/api/catalog/search?q={Uri.EscapeDataString(query ?? "")}&limit={MaxResults}", cancellationToken) ?? [];
            var products = await Task.WhenAll(hits.Select(h => ProductAsync(h.ProductId, cancellationToken)));
            return Describe(products.OfType<Product>().ToList());
        });

    [KernelFunction("search_by_category"), Description("Lists the products of a category, optionally only those matching a keyword.")]
    public Task<string> SearchByCategoryAsync(
        [Description("The category's name")] string category, [Description("A word the product must contain; empty for all")] string? keyword = null,
        CancellationToken cancellationToken = default) =>
        cache.GetOrAddAsync(tenant, $"category:{Normalize(category)}:{Normalize(keyword)}", async () =>
        {
            var categories = await hub.GetAsync<List<Category>>(SuiteClients.Hub, tenant, "/api/catalog/categories", cancellationToken) ?? [];
            var wanted = Normalize(category);
            var match = categories.FirstOrDefault(c => Normalize(c.Name) == wanted) ?? categories.FirstOrDefault(c => Normalize(c.Name).Contains(wanted, StringComparison.Ordinal));
            if (match is null)
            {
                return JsonSerializer.Serialize(new { error = $"No category '{category}'.", categories = categories.Select(c => c.Name) });
            }
            var page = await hub.GetAsync<ProductPage>(SuiteClients.Hub, tenant, $"/api/catalog/products?categoryId={match.Id}&pageSize=50", cancellationToken);
            var word = Normalize(keyword);
            var products = (page?.Items ?? []).Where(p => p.Active && (word.Length == 0 || Normalize(p.Name + " " + p.Description).Contains(word, StringComparison.Ordinal)))
                .Take(MaxResults).ToList();
            return Describe(products);
        });

    [KernelFunction("browse_catalog"), Description("Gives an overview of the catalog: its categories and some products.")]
    public Task<string> BrowseCatalogAsync(CancellationToken cancellationToken) =>
        cache.GetOrAddAsync(tenant, "browse", async () =>
        {
            var categories = await hub.GetAsync<List<Category>>(SuiteClients.Hub, tenant, "/api/catalog/categories", cancellationToken) ?? [];
            var page = await hub.GetAsync<ProductPage>(SuiteClients.Hub, tenant, "/api/catalog/products?pageSize=20", cancellationToken);
            return JsonSerializer.Serialize(new
            {
                categories = categories.Select(c => c.Name),
                products = (page?.Items ?? []).Where(p => p.Active).Select(p => new { p.Name, price = Price(p.Price) }),
            });
        });

    private Task<Product?> ProductAsync(int id, CancellationToken cancellationToken) =>
        hub.GetAsync<Product>(SuiteClients.Hub, tenant, $"/api/catalog/products/{id}", cancellationToken);

    private static string Describe(IReadOnlyList<Product> products) => products.Count == 0
        ? JsonSerializer.Serialize(new { products = Array.Empty<object>(), note = "Nothing matches." })
        : JsonSerializer.Serialize(new
        {
            products = products.Where(p => p.Active).Select(p => new
            {
                id = p.Id,
                name = p.Name,
                description = p.Description.Length > MaxDescription ? p.Description[..MaxDescription] + "…" : p.Description,
                price = Price(p.Price),
                images = p.Images.Take(2),
                variants = p.Variants.Select(v => new { v.Sku, v.Stock, attributes = v.Attributes, price = Price(v.Price) }),
            }),
        });

    private static string Price(Money money) => $"{money.Amount.ToString("0.##", CultureInfo.InvariantCulture)} {money.Currency}";

    /// <summary>Lower case without accents or extra spaces, so "Calzado " and "calzado" are the same question.</summary>
    private static string Normalize(string? text)
    {
        var decomposed = (text ?? "").Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var plain = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark))
        {
            plain.Append(char.IsWhiteSpace(c) ? ' ' : c);
        }
        return string.Join(' ', plain.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private sealed record Hit(int ProductId);

    private sealed record Category(int Id, string Name);

    private sealed record Money(decimal Amount, string Currency);

    private sealed record Variant(string Sku, int? Stock, Dictionary<string, string> Attributes, Money Price);

    private sealed record Product(int Id, string Name, string Description, bool Active, Money Price, List<string> Images, List<Variant> Variants);

    private sealed record ProductPage(List<Product> Items);
}
