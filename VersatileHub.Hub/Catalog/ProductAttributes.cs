using System.Text.Json;
using VersatileHub.Hub.Api;

namespace VersatileHub.Hub.Catalog;

/// <summary>Free key/value facts of a product or variant ("talle": "37", "color": "negro"), stored as jsonb.</summary>
public sealed record ProductAttributes
{
    public const int MaxCount = 20;
    public const int MaxKeyLength = 50;
    public const int MaxValueLength = 100;

    public static readonly ProductAttributes None = new(new Dictionary<string, string>());

    private ProductAttributes(IReadOnlyDictionary<string, string> values) => Values = values;

    public IReadOnlyDictionary<string, string> Values { get; }

    public static ProductAttributes From(IReadOnlyDictionary<string, string>? attributes, string field)
    {
        if (attributes is null || attributes.Count == 0)
        {
            return None;
        }
        if (attributes.Count > MaxCount)
        {
            throw new InvalidFieldException(field, new UserText($"Hasta {MaxCount} atributos.", $"At most {MaxCount} attributes."));
        }
        var clean = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes)
        {
            var k = key?.Trim() ?? "";
            var v = value?.Trim() ?? "";
            if (k.Length is 0 or > MaxKeyLength || v.Length is 0 or > MaxValueLength)
            {
                throw new InvalidFieldException($"{field}.{key}", new UserText($"Nombre (hasta {MaxKeyLength}) y valor (hasta {MaxValueLength}) son obligatorios.", $"Name (up to {MaxKeyLength}) and value (up to {MaxValueLength}) are required."));
            }
            clean[k] = v;
        }
        return new ProductAttributes(clean);
    }

    internal string ToJson() => JsonSerializer.Serialize(Values);

    internal static ProductAttributes FromJson(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? []);

    public bool Equals(ProductAttributes? other) =>
        other is not null && Values.Count == other.Values.Count
        && Values.All(kv => other.Values.TryGetValue(kv.Key, out var v) && v == kv.Value);

    public override int GetHashCode() => Values.Count;
}
