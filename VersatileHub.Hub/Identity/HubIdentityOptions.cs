namespace VersatileHub.Hub.Identity;

/// <summary>The <c>Identity</c> section of configuration.</summary>
internal sealed class HubIdentityOptions
{
    public const string SectionName = "Identity";

    /// <summary>The parent domain the sign-in cookie is set on (e.g. <c>.example.com</c>), so one sign-in serves every web app; unset on localhost.</summary>
    public string? CookieDomain { get; set; }

    /// <summary>Origins of the suite's other web apps (e.g. <c>http://127.0.0.1:5102</c>) that sign-in may send the user back to.</summary>
    public List<string> ReturnOrigins { get; set; } = [];
}
