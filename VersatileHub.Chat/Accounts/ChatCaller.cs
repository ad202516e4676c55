using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using VersatileHub.ServiceDefaults.Authentication;

namespace VersatileHub.Chat.Accounts;

/// <summary>Roles the Hub gives a caller within an account, and the one it gives the suite's services.</summary>
public static class ChatRoles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Agent = "agent";
    public const string Viewer = "viewer";
    public const string Service = "service";
}

/// <summary>Authorization policies of Chat's APIs.</summary>
public static class ChatPolicies
{
    /// <summary>Any member of the account (viewers included) and the suite's services: reading.</summary>
    public const string Read = "chat.read";

    /// <summary>Owners, admins, agents (people and bots) and services: replying, assigning, resolving.</summary>
    public const string Operate = "chat.operate";

    /// <summary>Owners and admins: inboxes and the account's settings.</summary>
    public const string Administer = "chat.administer";

    /// <summary>The suite's services alone (the channel gateways): the channel API.</summary>
    public const string Channel = "chat.channel";
}

/// <summary>Who is calling, read from the principal the Hub described.</summary>
public sealed record ChatCaller(int? UserId, string Name, string? Bot, bool IsService)
{
    /// <summary>A person (staff member) rather than a bot token or a service.</summary>
    public bool IsHuman => UserId is not null;

    public static ChatCaller Of(ClaimsPrincipal principal) => new(
        int.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var user) ? user : null,
        principal.FindFirstValue(ClaimTypes.Name) ?? "",
        principal.FindFirstValue(HubClaimTypes.Bot),
        principal.IsInRole(ChatRoles.Service));
}

/// <summary>Once a request is authenticated, its scope acts for the principal's account (see <see cref="CurrentAccount"/>).</summary>
internal sealed class AccountFromPrincipal(CurrentAccount account) : IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (int.TryParse(principal.FindFirstValue(HubClaimTypes.Tenant), NumberStyles.None, CultureInfo.InvariantCulture, out var accountId)
            && account.Id is null)
        {
            account.Set(accountId);
        }
        return Task.FromResult(principal);
    }
}
