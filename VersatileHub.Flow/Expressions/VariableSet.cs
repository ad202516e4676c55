using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Flow.Data;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Expressions;

/// <summary>
/// A tenant's variables as expressions read them (<c>$vars.Name</c>), secrets decrypted; <see cref="Mask(string)"/> hides
/// every secret value wherever it would be stored in a run's history (step input, output, error).
/// </summary>
public sealed class VariableSet
{
    /// <summary>The Data Protection purpose that encrypts secret variables at rest.</summary>
    public const string SecretPurpose = "VersatileHub.Flow.Variables";

    public const string Masked = "***";

    /// <summary>Secrets shorter than this are not masked (they would blank out ordinary text).</summary>
    private const int ShortestMaskedSecret = 3;

    public static readonly VariableSet Empty = new(new Dictionary<string, string>(StringComparer.Ordinal), []);

    private readonly string[] _secrets;

    public VariableSet(IReadOnlyDictionary<string, string> values, IEnumerable<string> secretValues)
    {
        Values = values;
        _secrets = [.. secretValues.Where(s => s.Length >= ShortestMaskedSecret).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];
    }

    public IReadOnlyDictionary<string, string> Values { get; }

    public bool HasSecrets => _secrets.Length > 0;

    /// <summary>The current tenant's variables (the context's tenant must be set), secrets decrypted.</summary>
    /// <exception cref="InvalidOperationException">A secret cannot be decrypted (its key is gone).</exception>
    public static async Task<VariableSet> LoadAsync(FlowDbContext db, IDataProtectionProvider protection, CancellationToken cancellationToken)
    {
        var stored = await db.Set<TenantVariable>().AsNoTracking().ToListAsync(cancellationToken);
        if (stored.Count == 0)
        {
            return Empty;
        }
        var protector = protection.CreateProtector(SecretPurpose);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var secrets = new List<string>();
        foreach (var variable in stored)
        {
            if (!variable.Secret)
            {
                values[variable.Name] = variable.StoredValue;
                continue;
            }
            try
            {
                var plain = protector.Unprotect(variable.StoredValue);
                values[variable.Name] = plain;
                secrets.Add(plain);
            }
            catch (CryptographicException error)
            {
                throw new InvalidOperationException($"The secret variable {variable.Name} cannot be decrypted; set it again.", error);
            }
        }
        return new VariableSet(values, secrets);
    }

    public string Mask(string text)
    {
        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Masked, StringComparison.Ordinal);
            }
        }
        return text;
    }

    /// <summary>A copy of <paramref name="node"/> with every secret value masked in its strings, or the node itself when there are no secrets.</summary>
    public T? Mask<T>(T? node) where T : JsonNode
    {
        if (node is null || _secrets.Length == 0)
        {
            return node;
        }
        return (T?)MaskNode(node);
    }

    private JsonNode? MaskNode(JsonNode? node) =>
        node switch
        {
            JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(Mask(p.Key), MaskNode(p.Value)))),
            JsonArray array => new JsonArray([.. array.Select(MaskNode)]),
            JsonValue value when value.TryGetValue<string>(out var text) => JsonValue.Create(Mask(text)),
            null => null,
            _ => node.DeepClone(),
        };
}
