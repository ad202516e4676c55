namespace VersatileHub.Hub.Connectors;

/// <summary>Where a tenant's business data lives: the Hub's own tables, synced with ERPNext, or read from a Tienda Nube store.</summary>
public enum ConnectorKind
{
    Native,
    Erpnext,
    TiendaNube,
}

/// <summary>A connector's credentials, decrypted, held in memory only while calls are made.</summary>
/// <param name="BaseUrl">ERPNext: the site's URL. Tienda Nube: the API's base, <c>https://api.tiendanube.com/v1</c> by default.</param>
/// <param name="Key">ERPNext: the API key. Tienda Nube: the store id.</param>
/// <param name="Secret">ERPNext: the API secret. Tienda Nube: the access token.</param>
internal sealed record ConnectorCredentials(Uri BaseUrl, string Key, string Secret);

/// <summary>The outcome of "test connection": reached, or the reason it was not, in words a user can act on.</summary>
internal sealed record ConnectionCheck(bool Succeeded, string? Error)
{
    public static ConnectionCheck Reached { get; } = new(true, null);

    public static ConnectionCheck Failed(string error) => new(false, error);
}

/// <summary>One connector kind's "test connection".</summary>
internal interface IConnectionTester
{
    ConnectorKind Kind { get; }

    Task<ConnectionCheck> TestAsync(ConnectorCredentials credentials, CancellationToken cancellationToken);
}

/// <summary>A tenant's connector when it is not <see cref="ConnectorKind.Native"/>, with its credentials.</summary>
internal sealed record ActiveConnector(ConnectorKind Kind, ConnectorCredentials Credentials);

/// <summary>Which connector a tenant uses now.</summary>
internal interface ITenantConnectors
{
    /// <summary>The tenant's connector, or null when the tenant uses the Hub's own tables only.</summary>
    Task<ActiveConnector?> ActiveAsync(int tenantId, CancellationToken cancellationToken);
}
