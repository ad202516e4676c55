using VersatileHub.Hub.Api;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Catalog;

/// <summary>A node of the tenant's category tree ("Danza" › "Calzado").</summary>
public sealed class Category : ITenantOwned
{
    public const int MaxNameLength = 100;

    private Category()
    {
    }

    public int Id { get; private set; }

    public int TenantId { get; private set; }

    public string Name { get; private set; } = "";

    public int? ParentId { get; private set; }

    public uint Version { get; private set; }

    public static Category Create(string name, Category? parent)
    {
        var category = new Category();
        category.Rename(name);
        category.ParentId = parent?.Id;
        return category;
    }

    public void Rename(string name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxNameLength)
        {
            throw new InvalidFieldException("name", new UserText($"El nombre es obligatorio y de hasta {MaxNameLength} caracteres.", $"Name is required, up to {MaxNameLength} characters."));
        }
        Name = trimmed;
    }

    /// <summary>Moves the category under <paramref name="parent"/>, whose ancestors (nearest first) must not include this one.</summary>
    public void MoveUnder(Category? parent, IReadOnlyCollection<int> parentAncestorIds)
    {
        ArgumentNullException.ThrowIfNull(parentAncestorIds);
        if (parent is not null && (parent.Id == Id || parentAncestorIds.Contains(Id)))
        {
            throw new InvalidFieldException("parentId", new UserText("Una categoría no puede estar dentro de sí misma.", "A category cannot be inside itself."));
        }
        ParentId = parent?.Id;
    }
}
