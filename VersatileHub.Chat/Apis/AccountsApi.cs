using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Desk;
using VersatileHub.Chat.Domain;

namespace VersatileHub.Chat.Apis;

internal static class AccountsApi
{
    public const string AccountRouteValue = "account_id";
    private const string Prefix = "/api/v1/accounts/";

    /// <summary>
    /// Chatwoot's Application API lives under <c>/api/v1/accounts/{account_id}</c>: the account is the Hub tenant the request
    /// acts for (forwarded to the Hub, which checks the caller belongs to it), and every id beneath it is that account's.
    /// </summary>
    public static RouteGroupBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup($"{Prefix}{{{AccountRouteValue}:int}}")
            .RequireAuthorization(ChatPolicies.Read)
            .WithDomainErrors()
            .AddEndpointFilter(async (context, next) =>
            {
                // The Hub answered for the account in the route; this only guards against a principal for another one.
                var routeAccount = context.HttpContext.GetRouteValue(AccountRouteValue) as string;
                var current = context.HttpContext.RequestServices.GetRequiredService<CurrentAccount>().Id;
                return current is { } id && routeAccount == id.ToString(CultureInfo.InvariantCulture) ? await next(context) : TypedResults.NotFound();
            });
        account.MapGet("/chat_settings", GetSettings);
        account.MapPut("/chat_settings", UpdateSettings).RequireAuthorization(ChatPolicies.Administer);
        return account;
    }

    /// <summary>Reads the account from the path, before routing, for the Hub to authenticate the caller for it.</summary>
    public static string? AccountOf(HttpRequest request)
    {
        var path = request.Path.Value;
        if (path is null || !path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = path.AsSpan(Prefix.Length);
        var end = rest.IndexOf('/');
        var account = end < 0 ? rest : rest[..end];
        return int.TryParse(account, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id.ToString(CultureInfo.InvariantCulture)
            : null;
    }

    public static async Task<Ok<AccountSettingsView>> GetSettings(AccountPreferences preferences, CancellationToken cancellationToken) =>
        TypedResults.Ok(new AccountSettingsView((await preferences.CurrentAsync(cancellationToken)).HumanOverrideHours));

    public static async Task<Ok<AccountSettingsView>> UpdateSettings(
        AccountSettingsUpdate update, AccountPreferences preferences, CancellationToken cancellationToken) =>
        TypedResults.Ok(await preferences.UpdateAsync(update, cancellationToken));

    public static ChatCaller Caller(this ClaimsPrincipal principal) => ChatCaller.Of(principal);
}
