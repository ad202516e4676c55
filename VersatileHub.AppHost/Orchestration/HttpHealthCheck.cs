using System.Net;
using VersatileHub.AppHost.Hosting;

namespace VersatileHub.AppHost.Orchestration;

/// <summary>A resource's HTTP health check: GET of its health path (<c>/health</c> by default) on its <c>http</c> endpoint answers 200.</summary>
internal sealed class HttpHealthCheck : IDisposable
{
    private readonly HttpClient _http = new();

    public static bool Applies(IResource resource) =>
        resource.GetHealthCheck()?.Path is not null && resource.GetEndpoints().Any(e => e.Name == "http");

    public static Uri UriOf(IResource resource) =>
        new($"{resource.GetEndpoint("http").Url}{resource.GetHealthCheck()?.Path ?? "/health"}");

    public async Task<bool> PassesAsync(IResource resource, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(UriOf(resource), cancellationToken);
        return response.StatusCode == HttpStatusCode.OK;
    }

    public void Dispose() => _http.Dispose();
}
