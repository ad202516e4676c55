namespace VersatileHub.Hub.Connectors.Erpnext;

/// <summary>"Test connection" for ERPNext: asks the site who the token belongs to.</summary>
internal sealed class ErpnextConnectionTester(FrappeClient frappe) : IConnectionTester
{
    public ConnectorKind Kind => ConnectorKind.Erpnext;

    public async Task<ConnectionCheck> TestAsync(ConnectorCredentials credentials, CancellationToken cancellationToken)
    {
        try
        {
            await frappe.LoggedUserAsync(credentials, cancellationToken);
            return ConnectionCheck.Reached;
        }
        catch (ConnectorFailure failure)
        {
            return ConnectionCheck.Failed(failure.Message);
        }
    }
}
