using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace VersatileHub.ServiceDefaults.Data;

/// <summary>
/// Change tracking for a <c>List&lt;string&gt;</c> column (a PostgreSQL <c>text[]</c>): element by element, ordinal.
/// EF Core's default comparer for primitive collections builds and compiles an element comparer on every compare and
/// snapshot (seen in profiles of Chat's ingest as dynamic-method compilation on every <c>SaveChanges</c>); this one compiles
/// once. Set it on each such property: <c>builder.PrimitiveCollection(c =&gt; c.Labels).Metadata.SetValueComparer(StringListComparer.Instance)</c>.
/// </summary>
public sealed class StringListComparer : ValueComparer<List<string>>
{
    public static readonly StringListComparer Instance = new();

    private StringListComparer()
        : base(
            (left, right) => left == null ? right == null : right != null && left.SequenceEqual(right),
            list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item.GetHashCode(StringComparison.Ordinal))),
            list => list.ToList())
    {
    }
}
