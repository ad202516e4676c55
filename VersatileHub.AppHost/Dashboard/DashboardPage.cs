namespace VersatileHub.AppHost.Dashboard;

/// <summary>The dashboard's two pages, kept as HTML files in the assembly; their text is Spanish or English, as the browser prefers.</summary>
internal static class DashboardPage
{
    private static readonly Lazy<string> ResourcesPage = new(() => Read("resources.html"));
    private static readonly Lazy<string> LoginPage = new(() => Read("login.html"));

    public static string Resources() => ResourcesPage.Value;

    public static string Login(bool wrongToken) => LoginPage.Value.Replace("{{WRONG_TOKEN}}", wrongToken ? "true" : "false", StringComparison.Ordinal);

    private static string Read(string name)
    {
        using var stream = typeof(DashboardPage).Assembly.GetManifestResourceStream($"VersatileHub.AppHost.Dashboard.{name}")
            ?? throw new InvalidOperationException($"The dashboard page {name} is not embedded in the AppHost.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
