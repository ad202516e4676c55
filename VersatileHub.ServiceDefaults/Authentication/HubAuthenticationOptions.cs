using Microsoft.AspNetCore.Authentication;

namespace VersatileHub.ServiceDefaults.Authentication;

public sealed class HubAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>A revoked token may be accepted for as long as an answer is reused: at most 30 s, well within the 60 s promised.</summary>
    public static readonly TimeSpan MaxCacheDuration = TimeSpan.FromSeconds(30);

    /// <summary>How long the Hub's answer for one credential is reused.</summary>
    public TimeSpan CacheDuration { get; set; } = MaxCacheDuration;
}
