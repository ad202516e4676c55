namespace VersatileHub.Hub.Catalog;

public sealed record CategoryInput(string Name, int? ParentId = null, uint? Version = null);

public sealed record CategoryView(int Id, string Name, int? ParentId, uint Version)
{
    internal static CategoryView Of(Category c) => new(c.Id, c.Name, c.ParentId, c.Version);
}

public sealed record ProductInput(
    string Name, decimal Price, string Currency, string? Description = null, int? CategoryId = null,
    IReadOnlyList<string>? Images = null, IReadOnlyDictionary<string, string>? Attributes = null, bool Active = true,
    uint? Version = null);

public sealed record VariantInput(
    string Sku, int Stock, IReadOnlyDictionary<string, string>? Attributes = null, decimal? Price = null, uint? ProductVersion = null);

/// <param name="Stock">Units in stock; null where the catalog does not limit it (a Tienda Nube variant without stock control).</param>
public sealed record VariantView(int Id, string Sku, int? Stock, IReadOnlyDictionary<string, string> Attributes, Money Price)
{
    internal static VariantView Of(ProductVariant v, Money productPrice) => new(v.Id, v.Sku, v.Stock, v.Attributes.Values, v.PriceFrom(productPrice));
}

public sealed record ProductView(
    int Id, string Name, string Description, int? CategoryId, Money Price, IReadOnlyList<string> Images,
    IReadOnlyDictionary<string, string> Attributes, bool Active, IReadOnlyList<VariantView> Variants, uint Version)
{
    internal static ProductView Of(Product p) => new(
        p.Id, p.Name, p.Description, p.CategoryId, p.Price, p.Images, p.Attributes.Values, p.Active,
        p.Variants.OrderBy(v => v.Id).Select(v => VariantView.Of(v, p.Price)).ToList(), p.Version);
}
