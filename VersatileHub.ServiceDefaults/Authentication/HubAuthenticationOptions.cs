using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace VersatileHub.ServiceDefaults.Authentication;

public sealed class HubAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>A revoked token may be accepted for as long as an answer is reused: at most 30 s, well within the 60 s promised.</summary>
    public static readonly TimeSpan MaxCacheDuration = TimeSpan.FromSeconds(30);

    /// <summary>How long the Hub's answer for one credential is reused.</summary>
    public TimeSpan CacheDuration { get; set; } = MaxCacheDuration;

    /// <summary>
    /// The tenant a request acts for when the service's routes name it (Chatwoot's <c>/api/v1/accounts/{account_id}</c>);
    /// null, or a null answer, leaves it to the <see cref="HubAuthenticationDefaults.TenantHeader"/> header.
    /// </summary>
    public Func<HttpRequest, string?>? TenantFromRequest { get; set; }
}
