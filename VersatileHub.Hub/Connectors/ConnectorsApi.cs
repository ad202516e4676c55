using Microsoft.AspNetCore.Http.HttpResults;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Connectors.Erpnext;
using VersatileHub.Hub.Tenancy;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Connectors;

internal static class ConnectorsApi
{
    public static IEndpointRouteBuilder MapConnectorsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/connectors").WithTags("Connectors").WithDomainErrors()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        // Every member sees whether the connector works; only admins see or change its credentials.
        api.MapGet("/status", GetStatus).RequireAuthorization(HubPolicies.Read);

        var administer = api.MapGroup("").RequireAuthorization(HubPolicies.Administer);
        administer.MapGet("/", GetConnector);
        administer.MapPut("/", UpdateConnector);
        administer.MapPost("/test", TestConnection);
        administer.MapPost("/sync", SyncNow);
        return app;
    }

    public static async Task<Ok<ConnectorView>> GetConnector(ConnectorSettings settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await settings.GetAsync(cancellationToken));

    public static async Task<Ok<ConnectorView>> UpdateConnector(ConnectorInput input, ConnectorSettings settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await settings.UpdateAsync(input, cancellationToken));

    /// <summary>A check, not a change: 200 whether the remote system was reached or not.</summary>
    public static async Task<Ok<ConnectionTestView>> TestConnection(
        ConnectionTestInput? input, ConnectorSettings settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await settings.TestAsync(input, cancellationToken));

    /// <summary>Pulls now and answers what the sync did; a failed sync is 200 too, with its error (also kept as the last error).</summary>
    public static async Task<Ok<SyncResult>> SyncNow(ErpnextSync sync, CurrentTenant tenant, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sync.RunAsync(tenant.RequiredId, cancellationToken));

    public static async Task<Ok<ConnectorStatusView>> GetStatus(ConnectorSettings settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await settings.StatusAsync(cancellationToken));
}
