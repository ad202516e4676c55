using Microsoft.Extensions.Options;

namespace VersatileHub.Hub.Connectors.TiendaNube;

/// <summary>"Test connection" for Tienda Nube: reads the store's settings (<c>GET /store</c>) with the given credentials, uncached.</summary>
internal sealed class TiendaNubeConnectionTester(IHttpClientFactory httpClients, IOptions<TiendaNubeOptions> options) : IConnectionTester
{
    public ConnectorKind Kind => ConnectorKind.TiendaNube;

    public async Task<ConnectionCheck> TestAsync(ConnectorCredentials credentials, CancellationToken cancellationToken)
    {
        try
        {
            var client = new TiendaNubeClient(httpClients.CreateClient(TiendaNubeClient.HttpClientName), credentials, options.Value);
            var store = await client.GetStoreAsync(cancellationToken);
            return string.IsNullOrEmpty(store.MainCurrency)
                ? ConnectionCheck.Failed("La tienda no informa su moneda. / The store does not state its currency.")
                : ConnectionCheck.Reached;
        }
        catch (TiendaNubeException failure)
        {
            return ConnectionCheck.Failed(failure.Message);
        }
    }
}
