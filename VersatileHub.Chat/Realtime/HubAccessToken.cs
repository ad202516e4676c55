namespace VersatileHub.Chat.Realtime;

/// <summary>
/// Browsers cannot set headers on a WebSocket request, so SignalR clients send their token as <c>?access_token=</c>: for
/// hub paths only, it is read as the <c>api_access_token</c> header the Hub's authentication looks at, before authentication runs.
/// </summary>
internal sealed class HubAccessToken : IStartupFilter
{
    private const string QueryName = "access_token";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            var request = context.Request;
            if (request.Path.StartsWithSegments(ChatHub.Path, StringComparison.Ordinal)
                && request.Query[QueryName].ToString() is { Length: > 0 } token
                && request.Headers[ServiceDefaults.Authentication.HubAuthenticationDefaults.AccessTokenHeader].Count == 0
                && request.Headers.Authorization.Count == 0)
            {
                request.Headers[ServiceDefaults.Authentication.HubAuthenticationDefaults.AccessTokenHeader] = token;
            }
            return nextMiddleware(context);
        });
        next(app);
    };
}
