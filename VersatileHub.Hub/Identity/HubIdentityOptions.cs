namespace VersatileHub.Hub.Identity;

/// <summary>The <c>Identity</c> section of configuration.</summary>
internal sealed class HubIdentityOptions
{
    public const string SectionName = "Identity";

    /// <summary>The parent domain the sign-in cookie is set on (e.g. <c>.example.com</c>), so one sign-in serves every web app; unset on localhost.</summary>
    public string? CookieDomain { get; set; }

    /// <summary>
    /// Origins of the suite's other web apps (e.g. <c>http://127.0.0.1:5102</c>) that sign-in may send the user back to:
    /// these, and the addresses of the services the Hub is given (<see cref="SuiteOrigins"/>).
    /// </summary>
    public List<string> ReturnOrigins { get; set; } = [];

    /// <summary>The HTTP(S) addresses the AppHost gives the Hub for the suite's services (<c>services__chat__http__0</c>, ...).</summary>
    public static IEnumerable<string> SuiteOrigins(IConfiguration configuration) =>
        configuration.GetSection("services").GetChildren()
            .SelectMany(service => service.GetChildren())
            .Where(scheme => scheme.Key is "http" or "https")
            .SelectMany(scheme => scheme.GetChildren())
            .Select(address => address.Value)
            .OfType<string>();
}
