using VersatileHub.Hub.Api;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Catalog;

/// <summary>One sellable form of a product: its SKU, stock and attributes (talle 37, color negro).</summary>
public sealed class ProductVariant : ITenantOwned
{
    public const int MaxSkuLength = 64;

    internal ProductVariant()
    {
    }

    public int Id { get; private set; }

    public int TenantId { get; private set; }

    public int ProductId { get; private set; }

    public string Sku { get; private set; } = "";

    public int Stock { get; private set; }

    public ProductAttributes Attributes { get; private set; } = ProductAttributes.None;

    /// <summary>The variant's own price, in the product's currency; null when it sells at the product's price.</summary>
    public decimal? PriceOverride { get; private set; }

    /// <summary>Lower-cased, unaccented words of the attribute values, computed by PostgreSQL: what search selects variants by.</summary>
    public string[] AttributeTerms { get; private set; } = [];

    public Money PriceFrom(Money productPrice)
    {
        ArgumentNullException.ThrowIfNull(productPrice);
        return PriceOverride is { } amount ? productPrice.WithAmount(amount, "price") : productPrice;
    }

    internal static string CheckSku(string? sku)
    {
        var trimmed = sku?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxSkuLength || trimmed.Any(char.IsWhiteSpace))
        {
            throw new InvalidFieldException("sku", new UserText($"El SKU es obligatorio, sin espacios y de hasta {MaxSkuLength} caracteres.", $"SKU is required, without spaces, up to {MaxSkuLength} characters."));
        }
        return trimmed;
    }

    internal void Change(string sku, int stock, ProductAttributes attributes, decimal? price, Money productPrice)
    {
        if (stock < 0)
        {
            throw new InvalidFieldException("stock", new UserText("El stock no puede ser negativo.", "Stock cannot be negative."));
        }
        if (price is { } amount)
        {
            productPrice.WithAmount(amount, "price");
        }
        Sku = sku;
        Stock = stock;
        Attributes = attributes;
        PriceOverride = price;
    }
}
