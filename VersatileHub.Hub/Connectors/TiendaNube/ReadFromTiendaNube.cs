using System.Globalization;
using VersatileHub.Hub.Api;

namespace VersatileHub.Hub.Connectors.TiendaNube;

/// <summary>
/// Route conventions for data a tenant may read from its Tienda Nube store: changes are refused for such a tenant
/// (the store is where they are made), and a failed call to the store is a problem the caller can act on, never a 500.
/// </summary>
internal static class ReadFromTiendaNube
{
    /// <param name="what">What the routes hold, in Spanish and English, e.g. <c>("el catálogo", "catalog")</c>.</param>
    public static TBuilder WithTiendaNubeReads<TBuilder>(this TBuilder builder, (string Spanish, string English) what)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                if (!HttpMethods.IsGet(context.HttpContext.Request.Method) && !HttpMethods.IsHead(context.HttpContext.Request.Method)
                    && await context.HttpContext.RequestServices.GetRequiredService<TenantStore>().FindAsync(context.HttpContext.RequestAborted) is not null)
                {
                    return Problems.Refused(
                        new UserText(
                            $"Este espacio lee {what.Spanish} de Tienda Nube: hacé el cambio en la tienda.",
                            $"This tenant's {what.English} is read from Tienda Nube: make the change in the store."),
                        StatusCodes.Status409Conflict,
                        new UserText($"Este espacio lee {what.Spanish} de Tienda Nube.", $"This tenant's {what.English} is read from Tienda Nube."));
                }
                return await next(context);
            }
            catch (TiendaNubeException failure)
            {
                return Problem(context.HttpContext, failure);
            }
        });
        return builder;
    }

    private static IResult Problem(HttpContext http, TiendaNubeException failure)
    {
        var (status, title) = failure.Failure switch
        {
            StoreFailure.Unauthorized => (StatusCodes.Status502BadGateway, "Tienda Nube refused the connector's credentials."),
            StoreFailure.RateLimited => (StatusCodes.Status503ServiceUnavailable, "Tienda Nube asks to wait."),
            StoreFailure.Timeout => (StatusCodes.Status504GatewayTimeout, "Tienda Nube did not answer in time."),
            _ => (StatusCodes.Status502BadGateway, "Tienda Nube could not be read."),
        };
        if (failure.RetryAfter is { } wait && wait > TimeSpan.Zero)
        {
            http.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }
        return TypedResults.Problem(failure.Message, statusCode: status, title: title,
            extensions: new Dictionary<string, object?> { ["connector"] = "tiendanube", ["failure"] = failure.Failure.ToString() });
    }
}
