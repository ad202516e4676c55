using Microsoft.EntityFrameworkCore;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Data;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Catalog;

/// <summary>The tenant's categories, products and variants; every change is published as an event.</summary>
public sealed class ProductCatalog(HubDbContext db, CurrentTenant tenant, EventPublisher publisher, TimeProvider time)
{
    public async Task<IReadOnlyList<CategoryView>> ListCategoriesAsync(CancellationToken cancellationToken) =>
        (await db.Set<Category>().AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken)).Select(CategoryView.Of).ToList();

    public async Task<CategoryView> CreateCategoryAsync(CategoryInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var parent = await FindParentAsync(input.ParentId, cancellationToken);
        var category = Category.Create(input.Name, parent);
        db.Set<Category>().Add(category);
        await SaveAsync("category.created", () => (category.Id, CategoryView.Of(category)), new UserText("la categoría", "the category"), cancellationToken);
        return CategoryView.Of(category);
    }

    public async Task<CategoryView?> UpdateCategoryAsync(int id, CategoryInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var category = await db.Set<Category>().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (category is null)
        {
            return null;
        }
        ExpectVersion(category, c => c.Version, input.Version);
        var parent = await FindParentAsync(input.ParentId, cancellationToken);
        category.Rename(input.Name);
        category.MoveUnder(parent, parent is null ? [] : await AncestorsOfAsync(parent, cancellationToken));

        // The category's name is part of its products' search terms.
        var now = time.GetUtcNow();
        foreach (var product in await db.Set<Product>().Include(p => p.Category).Include(p => p.Variants)
                     .Where(p => p.CategoryId == id).ToListAsync(cancellationToken))
        {
            product.RefreshSearchTerms(now);
        }
        await SaveAsync("category.updated", () => (category.Id, CategoryView.Of(category)), new UserText("la categoría", "the category"), cancellationToken);
        return CategoryView.Of(category);
    }

    public async Task<bool> DeleteCategoryAsync(int id, CancellationToken cancellationToken)
    {
        var category = await db.Set<Category>().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (category is null)
        {
            return false;
        }
        if (await db.Set<Category>().AnyAsync(c => c.ParentId == id, cancellationToken)
            || await db.Set<Product>().AnyAsync(p => p.CategoryId == id, cancellationToken))
        {
            throw new ConflictException(new UserText("La categoría tiene subcategorías o productos.", "The category still has subcategories or products."));
        }
        db.Set<Category>().Remove(category);
        await SaveAsync("category.deleted", () => (id, new { Id = id }), new UserText("la categoría", "the category"), cancellationToken);
        return true;
    }

    public async Task<Page<ProductView>> ListProductsAsync(int? categoryId, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var request = PageRequest.Of(page, pageSize);
        var query = db.Set<Product>().AsNoTracking();
        if (categoryId is { } category)
        {
            query = query.Where(p => p.CategoryId == category);
        }
        var total = await query.CountAsync(cancellationToken);
        var products = await query.Include(p => p.Variants).OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Skip(request.Skip).Take(request.Size).AsSplitQuery().ToListAsync(cancellationToken);
        return request.Holding(products.Select(ProductView.Of).ToList(), total);
    }

    public async Task<ProductView?> GetProductAsync(int id, CancellationToken cancellationToken) =>
        await db.Set<Product>().AsNoTracking().Include(p => p.Variants).SingleOrDefaultAsync(p => p.Id == id, cancellationToken) is { } product
            ? ProductView.Of(product)
            : null;

    public async Task<ProductView> CreateProductAsync(ProductInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = time.GetUtcNow();
        var category = await FindCategoryAsync(input.CategoryId, "categoryId", cancellationToken);
        var product = Product.Create(input.Name, input.Description, Money.Of(input.Price, input.Currency), category, now);
        product.ShowImages(input.Images, now);
        product.Characterize(input.Attributes, now);
        product.SetActive(input.Active, now);
        db.Set<Product>().Add(product);
        await SaveAsync("product.created", () => (product.Id, ProductView.Of(product)), new UserText("el producto", "the product"), cancellationToken);
        return ProductView.Of(product);
    }

    public async Task<ProductView?> UpdateProductAsync(int id, ProductInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var product = await LoadProductAsync(id, input.Version, cancellationToken);
        if (product is null)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var price = Money.Of(input.Price, input.Currency);
        foreach (var variant in product.Variants.Where(v => v.PriceOverride is not null))
        {
            variant.PriceFrom(price);
        }
        product.Describe(input.Name, input.Description, now);
        product.Reprice(price, now);
        product.PlaceIn(await FindCategoryAsync(input.CategoryId, "categoryId", cancellationToken), now);
        product.ShowImages(input.Images, now);
        product.Characterize(input.Attributes, now);
        product.SetActive(input.Active, now);
        await SaveAsync("product.updated", () => (product.Id, ProductView.Of(product)), new UserText("el producto", "the product"), cancellationToken);
        return ProductView.Of(product);
    }

    public async Task<bool> DeleteProductAsync(int id, CancellationToken cancellationToken)
    {
        var product = await LoadProductAsync(id, version: null, cancellationToken);
        if (product is null)
        {
            return false;
        }
        db.Set<Product>().Remove(product);
        await SaveAsync("product.deleted", () => (id, new { Id = id }), new UserText("el producto", "the product"), cancellationToken);
        return true;
    }

    public async Task<ProductView?> AddVariantAsync(int productId, VariantInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var product = await LoadProductAsync(productId, input.ProductVersion, cancellationToken);
        if (product is null)
        {
            return null;
        }
        var variant = product.AddVariant(input.Sku, input.Stock, ProductAttributes.From(input.Attributes, "attributes"), input.Price, time.GetUtcNow());
        await EnsureSkuFreeAsync(variant, cancellationToken);
        await SaveAsync("product.updated", () => (product.Id, ProductView.Of(product)), new UserText("el producto", "the product"), cancellationToken);
        return ProductView.Of(product);
    }

    /// <summary>Changes a variant; null when the product or the variant does not exist.</summary>
    public async Task<ProductView?> ChangeVariantAsync(int productId, int variantId, VariantInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var product = await LoadProductAsync(productId, input.ProductVersion, cancellationToken);
        var variant = product?.ChangeVariant(
            variantId, input.Sku, input.Stock, ProductAttributes.From(input.Attributes, "attributes"), input.Price, time.GetUtcNow());
        if (variant is null)
        {
            return null;
        }
        await EnsureSkuFreeAsync(variant, cancellationToken);
        await SaveAsync("product.updated", () => (product!.Id, ProductView.Of(product)), new UserText("el producto", "the product"), cancellationToken);
        return ProductView.Of(product!);
    }

    public async Task<ProductView?> RemoveVariantAsync(int productId, int variantId, CancellationToken cancellationToken)
    {
        var product = await LoadProductAsync(productId, version: null, cancellationToken);
        if (product is null || !product.RemoveVariant(variantId, time.GetUtcNow()))
        {
            return null;
        }
        await SaveAsync("product.updated", () => (product.Id, ProductView.Of(product)), new UserText("el producto", "the product"), cancellationToken);
        return ProductView.Of(product);
    }

    private async Task<Product?> LoadProductAsync(int id, uint? version, CancellationToken cancellationToken)
    {
        var product = await db.Set<Product>().Include(p => p.Category).Include(p => p.Variants)
            .AsSplitQuery().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (product is not null)
        {
            ExpectVersion(product, p => p.Version, version);
        }
        return product;
    }

    private void ExpectVersion<T>(T entity, System.Linq.Expressions.Expression<Func<T, uint>> property, uint? version) where T : class
    {
        if (version is { } expected)
        {
            db.Entry(entity).Property(property).OriginalValue = expected;
        }
    }

    private Task<Category?> FindParentAsync(int? id, CancellationToken cancellationToken) => FindCategoryAsync(id, "parentId", cancellationToken);

    private async Task<Category?> FindCategoryAsync(int? id, string field, CancellationToken cancellationToken)
    {
        if (id is null)
        {
            return null;
        }
        return await db.Set<Category>().SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new InvalidFieldException(field, new UserText($"La categoría {id} no existe.", $"Category {id} does not exist."));
    }

    private async Task<IReadOnlyCollection<int>> AncestorsOfAsync(Category category, CancellationToken cancellationToken)
    {
        var ancestors = new List<int>();
        for (var parentId = category.ParentId; parentId is { } id && !ancestors.Contains(id);)
        {
            ancestors.Add(id);
            parentId = await db.Set<Category>().Where(c => c.Id == id).Select(c => c.ParentId).SingleOrDefaultAsync(cancellationToken);
        }
        return ancestors;
    }

    private async Task EnsureSkuFreeAsync(ProductVariant variant, CancellationToken cancellationToken)
    {
        if (await db.Set<ProductVariant>().AnyAsync(v => v.Sku == variant.Sku && v.ProductId != variant.ProductId, cancellationToken))
        {
            throw new ConflictException(new UserText($"El SKU {variant.Sku} ya existe.", $"SKU {variant.Sku} already exists."));
        }
    }

    private async Task SaveAsync(string eventType, Func<(int, object)> describe, UserText what, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveWithEventAsync(publisher, tenant.RequiredId, eventType, describe, cancellationToken);
        }
        catch (DbUpdateConcurrencyException exception)
        {
            throw new ConflictException(new UserText($"Otra persona cambió {what.Es} desde que lo leíste.", $"Someone changed {what.En} since you read it."), exception);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            throw new ConflictException(new UserText("El SKU ya existe.", "The SKU already exists."), exception);
        }
    }
}
