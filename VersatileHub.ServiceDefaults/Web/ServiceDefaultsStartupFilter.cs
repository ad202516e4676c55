using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace VersatileHub.ServiceDefaults.Web;

/// <summary>Puts the middleware every service needs at the front of its pipeline, before anything the service maps.</summary>
internal sealed class ServiceDefaultsStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseForwardedHeaders();
        // Unhandled exceptions and bare 4xx/5xx responses become RFC 9457 problem details.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        next(app);
    };
}
