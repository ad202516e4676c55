namespace VersatileHub.ServiceDefaults.Authentication;

/// <summary>Names shared by the Hub and the services that authenticate their callers through it.</summary>
public static class HubAuthenticationDefaults
{
    public const string Scheme = "hub";

    /// <summary>The HttpClient that reaches the Hub (<c>http://hub</c> through service discovery).</summary>
    public const string HttpClientName = "hub-identity";

    public const string MePath = "/api/identity/me";

    public const string CookieName = ".vh.auth";
    public const string AccessTokenHeader = "api_access_token";
    public const string TenantHeader = "X-VH-Tenant";
}

/// <summary>Claims of a principal authenticated by the Hub, alike in the Hub and in every other service.</summary>
public static class HubClaimTypes
{
    public const string Tenant = "vh:tenant";
    public const string TenantName = "vh:tenant-name";
    public const string Bot = "vh:bot";
}
