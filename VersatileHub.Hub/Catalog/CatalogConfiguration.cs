using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;

namespace VersatileHub.Hub.Catalog;

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> builder)
    {
        builder.ToTable("categories");
        builder.Property(c => c.Name).HasMaxLength(Category.MaxNameLength);
        builder.Property(c => c.Version).IsRowVersion();
        builder.HasOne<Category>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("products");
        builder.Property(p => p.Name).HasMaxLength(Product.MaxNameLength);
        builder.Property(p => p.Description).HasMaxLength(Product.MaxDescriptionLength);
        builder.ComplexProperty(p => p.Price, price =>
        {
            price.Property(m => m.Amount).HasColumnName("price").HasPrecision(12, 2);
            price.Property(m => m.Currency).HasColumnName("currency").HasMaxLength(3).IsFixedLength();
        });
        builder.Property(p => p.Attributes).HasAttributesConversion();
        builder.Property(p => p.Version).IsRowVersion();
        builder.HasOne(p => p.Category).WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.Variants).WithOne().HasForeignKey(v => v.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.Variants).HasField("_variants").UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.Property<NpgsqlTsVector>(CatalogSearchSql.SearchVector)
            .HasColumnName("search_vector")
            .HasComputedColumnSql(CatalogSearchSql.SearchVectorExpression, stored: true);
        builder.HasIndex(CatalogSearchSql.SearchVector).HasMethod("gin");
        builder.HasIndex(p => new { p.TenantId, p.Name });
    }
}

internal sealed class ProductVariantConfiguration : IEntityTypeConfiguration<ProductVariant>
{
    public void Configure(EntityTypeBuilder<ProductVariant> builder)
    {
        builder.ToTable("product_variants");
        builder.Property(v => v.Sku).HasMaxLength(ProductVariant.MaxSkuLength);
        builder.Property(v => v.PriceOverride).HasPrecision(12, 2);
        builder.Property(v => v.Attributes).HasAttributesConversion();
        builder.Property(v => v.AttributeTerms).HasComputedColumnSql("public.vh_attribute_terms(attributes)", stored: true);
        builder.Property<string[]>("AttributeNames").HasComputedColumnSql("public.vh_attribute_names(attributes)", stored: true);
        builder.HasIndex(v => v.AttributeTerms).HasMethod("gin");
        builder.HasIndex("AttributeNames").HasMethod("gin");
        builder.HasIndex(v => new { v.TenantId, v.Sku }).IsUnique();
    }
}

internal static class AttributesMapping
{
    public static PropertyBuilder<ProductAttributes> HasAttributesConversion(this PropertyBuilder<ProductAttributes> property) =>
        property.HasColumnType("jsonb").HasConversion(
            a => a.ToJson(),
            json => ProductAttributes.FromJson(json),
            new ValueComparer<ProductAttributes>((a, b) => Equals(a, b), a => a.GetHashCode(), a => a));
}
