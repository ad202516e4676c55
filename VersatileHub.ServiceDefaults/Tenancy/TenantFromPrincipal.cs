using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using VersatileHub.ServiceDefaults.Authentication;

namespace VersatileHub.ServiceDefaults.Tenancy;

/// <summary>Once a request is authenticated, its scope acts for the principal's tenant (see <see cref="CurrentTenant"/>).</summary>
internal sealed class TenantFromPrincipal(CurrentTenant tenant) : IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (int.TryParse(principal.FindFirstValue(HubClaimTypes.Tenant), NumberStyles.None, CultureInfo.InvariantCulture, out var tenantId)
            && tenant.Id is null)
        {
            tenant.Set(tenantId);
        }
        return Task.FromResult(principal);
    }
}
