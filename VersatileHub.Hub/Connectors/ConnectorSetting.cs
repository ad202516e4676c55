using VersatileHub.Hub.Api;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Connectors;

/// <summary>
/// Where a tenant's business data lives and the credentials to reach it. The secret is kept only as Data Protection
/// ciphertext (<see cref="ConnectorSecrets"/>) and never leaves the Hub.
/// </summary>
internal sealed class ConnectorSetting : ITenantOwned
{
    public const int MaxUrlLength = 500;
    public const int MaxKeyLength = 200;
    public const int MaxSecretLength = 500;
    public const int DefaultSyncIntervalMinutes = 5;
    public const int MaxSyncIntervalMinutes = 24 * 60;

    private ConnectorSetting()
    {
    }

    public int Id { get; private set; }

    public int TenantId { get; private set; }

    public ConnectorKind Kind { get; private set; }

    public string? BaseUrl { get; private set; }

    public string? Key { get; private set; }

    /// <summary>The secret as ciphertext of <see cref="ConnectorSecrets"/>; null when none was given.</summary>
    public string? ProtectedSecret { get; private set; }

    /// <summary>How often the scheduler pulls this tenant's data (ERPNext).</summary>
    public int SyncIntervalMinutes { get; private set; } = DefaultSyncIntervalMinutes;

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>PostgreSQL's xmin: an edit based on an older version is refused.</summary>
    public uint Version { get; private set; }

    public bool HasSecret => ProtectedSecret is not null;

    /// <summary>The setting a tenant has before anyone configures one: the Hub's own tables.</summary>
    public static ConnectorSetting Native() => new() { Kind = ConnectorKind.Native };

    /// <summary>
    /// Replaces the setting; a null <paramref name="protectedSecret"/> keeps the stored one. A non-native kind needs an
    /// absolute http(s) URL, a key and a secret (given now or stored before).
    /// </summary>
    public void Configure(ConnectorKind kind, string? baseUrl, string? key, string? protectedSecret, int? syncIntervalMinutes, DateTimeOffset now)
    {
        var url = Check(kind, baseUrl, key, protectedSecret ?? ProtectedSecret);
        if (syncIntervalMinutes is < 1 or > MaxSyncIntervalMinutes)
        {
            throw new InvalidFieldException("syncIntervalMinutes",
                new UserText($"El intervalo va de 1 a {MaxSyncIntervalMinutes} minutos.", $"The interval is 1 to {MaxSyncIntervalMinutes} minutes."));
        }
        Kind = kind;
        BaseUrl = url?.ToString();
        Key = kind == ConnectorKind.Native ? key?.Trim().NullIfEmpty() : key!.Trim();
        ProtectedSecret = protectedSecret ?? ProtectedSecret;
        SyncIntervalMinutes = syncIntervalMinutes ?? SyncIntervalMinutes;
        UpdatedAt = now;
    }

    /// <summary>Checks credentials as <see cref="Configure"/> does; the URL, parsed, or null for a native setting without one.</summary>
    public static Uri? Check(ConnectorKind kind, string? baseUrl, string? key, string? secret)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new InvalidFieldException("kind", new UserText("El tipo es native, erpnext o tiendanube.", "The kind is native, erpnext or tiendanube."));
        }
        Uri? url = null;
        if (!string.IsNullOrWhiteSpace(baseUrl))
        {
            if (baseUrl.Length > MaxUrlLength || !Uri.TryCreate(baseUrl.Trim(), UriKind.Absolute, out url) || url.Scheme is not ("http" or "https"))
            {
                throw new InvalidFieldException("baseUrl", new UserText("La URL debe ser absoluta, http o https.", "The URL must be absolute, http or https."));
            }
        }
        if (kind == ConnectorKind.Native)
        {
            return url;
        }
        if (url is null)
        {
            throw new InvalidFieldException("baseUrl", new UserText("La URL es obligatoria para este conector.", "The URL is required for this connector."));
        }
        if (string.IsNullOrWhiteSpace(key) || key.Trim().Length > MaxKeyLength)
        {
            throw new InvalidFieldException("key", new UserText($"La clave es obligatoria, de hasta {MaxKeyLength} caracteres.", $"The key is required, up to {MaxKeyLength} characters."));
        }
        if (string.IsNullOrEmpty(secret))
        {
            throw new InvalidFieldException("secret", new UserText("El secreto es obligatorio para este conector.", "The secret is required for this connector."));
        }
        return url;
    }
}

/// <summary>What the connector did last: kept apart from <see cref="ConnectorSetting"/> so a sync never collides with an admin's edit.</summary>
internal sealed class ConnectorSyncState : ITenantOwned
{
    public const int MaxErrorLength = 2000;

    private ConnectorSyncState()
    {
    }

    public int Id { get; private set; }

    public int TenantId { get; private set; }

    public DateTimeOffset? LastSyncAt { get; private set; }

    /// <summary>What the last successful sync did, per document type.</summary>
    public SyncCounts? LastSyncCounts { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset? LastErrorAt { get; private set; }

    /// <summary>Per document type, the remote <c>modified</c> stamp the next incremental pull starts after.</summary>
    public Dictionary<string, string> Cursors { get; private set; } = [];

    public static ConnectorSyncState Empty() => new();

    public void Succeeded(SyncCounts counts, DateTimeOffset now)
    {
        LastSyncAt = now;
        LastSyncCounts = counts;
    }

    public void Failed(string error, DateTimeOffset now)
    {
        LastError = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        LastErrorAt = now;
    }

    public string? CursorOf(string doctype) => Cursors.GetValueOrDefault(doctype);

    public void Advance(string doctype, string modified)
    {
        if (string.CompareOrdinal(modified, CursorOf(doctype)) > 0)
        {
            Cursors = new Dictionary<string, string>(Cursors) { [doctype] = modified };
        }
    }

    /// <summary>A new connection starts from scratch.</summary>
    public void Reset()
    {
        Cursors = [];
    }
}

/// <summary>How many documents of each type a sync created, updated, pushed, kept local or could not apply.</summary>
internal sealed record SyncCounts(Dictionary<string, DocumentCounts> Documents)
{
    public static SyncCounts Start() => new(new Dictionary<string, DocumentCounts>());

    public DocumentCounts Of(string doctype)
    {
        if (!Documents.TryGetValue(doctype, out var counts))
        {
            Documents[doctype] = counts = new DocumentCounts();
        }
        return counts;
    }
}

internal sealed class DocumentCounts
{
    public int Created { get; set; }

    public int Updated { get; set; }

    public int Unchanged { get; set; }

    public int Pushed { get; set; }

    /// <summary>Remote changes not applied because a newer local change waits to be pushed (the conflict rule).</summary>
    public int KeptLocal { get; set; }

    public int Failed { get; set; }

    /// <summary>Counts a pulled document that was stored: as created when it was new here, else as updated.</summary>
    public void Stored(bool created)
    {
        if (created)
        {
            Created++;
        }
        else
        {
            Updated++;
        }
    }
}

internal static class StringExtensions
{
    public static string? NullIfEmpty(this string? value) => string.IsNullOrEmpty(value) ? null : value;
}
