using VersatileHub.Hub.Api;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Catalog;

/// <summary>Something the tenant sells, sold as one of its variants (a size, a colour) when it has any.</summary>
public sealed class Product : ITenantOwned
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxImages = 20;

    private readonly List<ProductVariant> _variants = [];

    private Product()
    {
    }

    public int Id { get; private set; }

    public int TenantId { get; private set; }

    public string Name { get; private set; } = "";

    public string Description { get; private set; } = "";

    public int? CategoryId { get; private set; }

    public Category? Category { get; private set; }

    public Money Price { get; private set; } = null!;

    public List<string> Images { get; private set; } = [];

    public ProductAttributes Attributes { get; private set; } = ProductAttributes.None;

    public bool Active { get; private set; }

    public IReadOnlyCollection<ProductVariant> Variants => _variants;

    /// <summary>The words found by search besides name and description: category, attribute values, variant attribute values.</summary>
    public string SearchTerms { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public uint Version { get; private set; }

    public static Product Create(string name, string? description, Money price, Category? category, DateTimeOffset now)
    {
        var product = new Product { Active = true, CreatedAt = now };
        product.Describe(name, description, now);
        product.Reprice(price, now);
        product.PlaceIn(category, now);
        return product;
    }

    public void Describe(string name, string? description, DateTimeOffset now)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxNameLength)
        {
            throw new InvalidFieldException("name", new UserText($"El nombre es obligatorio y de hasta {MaxNameLength} caracteres.", $"Name is required, up to {MaxNameLength} characters."));
        }
        description = description?.Trim() ?? "";
        if (description.Length > MaxDescriptionLength)
        {
            throw new InvalidFieldException("description", new UserText($"La descripción tiene hasta {MaxDescriptionLength} caracteres.", $"Description is up to {MaxDescriptionLength} characters."));
        }
        Name = trimmed;
        Description = description;
        Touch(now);
    }

    public void Reprice(Money price, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(price);
        Price = price;
        Touch(now);
    }

    public void PlaceIn(Category? category, DateTimeOffset now)
    {
        Category = category;
        CategoryId = category?.Id;
        Touch(now);
    }

    public void ShowImages(IReadOnlyList<string>? urls, DateTimeOffset now)
    {
        urls ??= [];
        if (urls.Count > MaxImages)
        {
            throw new InvalidFieldException("images", new UserText($"Hasta {MaxImages} imágenes.", $"At most {MaxImages} images."));
        }
        for (var i = 0; i < urls.Count; i++)
        {
            if (!Uri.TryCreate(urls[i], UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || urls[i].Length > 2000)
            {
                throw new InvalidFieldException($"images[{i}]", new UserText($"'{urls[i]}' no es una URL http(s).", $"'{urls[i]}' is not an http(s) URL."));
            }
        }
        Images = urls.Distinct(StringComparer.Ordinal).ToList();
        Touch(now);
    }

    public void Characterize(IReadOnlyDictionary<string, string>? attributes, DateTimeOffset now)
    {
        Attributes = ProductAttributes.From(attributes, "attributes");
        Touch(now);
    }

    public void SetActive(bool active, DateTimeOffset now)
    {
        Active = active;
        Touch(now);
    }

    public ProductVariant AddVariant(string sku, int stock, ProductAttributes attributes, decimal? price, DateTimeOffset now)
    {
        var variant = new ProductVariant();
        variant.Change(ProductVariant.CheckSku(sku), stock, attributes, price, Price);
        if (_variants.Any(v => string.Equals(v.Sku, variant.Sku, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ConflictException(new UserText($"El SKU {variant.Sku} ya existe.", $"SKU {variant.Sku} already exists."));
        }
        _variants.Add(variant);
        Touch(now);
        return variant;
    }

    public ProductVariant? ChangeVariant(int variantId, string sku, int stock, ProductAttributes attributes, decimal? price, DateTimeOffset now)
    {
        var variant = _variants.SingleOrDefault(v => v.Id == variantId);
        if (variant is null)
        {
            return null;
        }
        sku = ProductVariant.CheckSku(sku);
        if (_variants.Any(v => v != variant && string.Equals(v.Sku, sku, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ConflictException(new UserText($"El SKU {sku} ya existe.", $"SKU {sku} already exists."));
        }
        variant.Change(sku, stock, attributes, price, Price);
        Touch(now);
        return variant;
    }

    public bool RemoveVariant(int variantId, DateTimeOffset now)
    {
        if (_variants.RemoveAll(v => v.Id == variantId) == 0)
        {
            return false;
        }
        Touch(now);
        return true;
    }

    /// <summary>Called after every change, so that search always sees the current category name and attributes.</summary>
    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        SearchTerms = string.Join(' ', new[] { Category?.Name ?? "" }
            .Concat(Attributes.Values.Values)
            .Concat(_variants.SelectMany(v => v.Attributes.Values.Values))
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase));
    }

    internal void RefreshSearchTerms(DateTimeOffset now) => Touch(now);
}
