using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Assignment;
using VersatileHub.Chat.Data;
using VersatileHub.Chat.Domain;
using VersatileHub.ServiceDefaults.Authentication;

namespace VersatileHub.Chat.Realtime;

/// <summary>
/// The staff's live inbox. A connection acts for one account (the principal's, named by <c>?account_id=</c>) and joins its
/// account group at once; it hears an inbox's conversations and messages after <see cref="JoinInbox"/>, which only owners,
/// admins, services and the inbox's members may do. A person who joined an inbox is online there (<see cref="AgentPresence"/>).
/// </summary>
internal sealed class ChatHub(ChatDbContext db, CurrentAccount account, AgentPresence presence, TimeProvider time) : Hub
{
    public const string Path = "/hubs/chat";

    /// <summary>The query parameter naming the account, as Chatwoot's routes name it.</summary>
    public const string AccountQuery = "account_id";

    private const string JoinedInboxes = "inboxes";

    public override async Task OnConnectedAsync()
    {
        if (AccountOf(Context.User) is not { } accountId)
        {
            Context.Abort();
            return;
        }
        Context.Items[JoinedInboxes] = new HashSet<int>();
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Account(accountId), Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (AccountOf(Context.User) is { } accountId && UserOf(Context.User) is { } userId)
        {
            await presence.LeftAsync(accountId, userId, Context.ConnectionId, CancellationToken.None);
        }
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Starts hearing the inbox's conversations and messages, and being online in it.</summary>
    /// <exception cref="HubException">No such inbox in the account, or the caller is not one of its members.</exception>
    public async Task JoinInbox(int inboxId)
    {
        var accountId = ActForAccount();
        if (!await MayJoinAsync(inboxId))
        {
            throw new HubException("No existe esa bandeja o no sos miembro de ella. / No such inbox, or you are not one of its members.");
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Inbox(accountId, inboxId), Context.ConnectionAborted);
        Joined.Add(inboxId);
        if (UserOf(Context.User) is { } userId)
        {
            await presence.JoinedAsync(accountId, inboxId, userId, Context.ConnectionId, Context.ConnectionAborted);
        }
    }

    public async Task LeaveInbox(int inboxId)
    {
        var accountId = ActForAccount();
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, LiveGroups.Inbox(accountId, inboxId), Context.ConnectionAborted);
        Joined.Remove(inboxId);
        if (UserOf(Context.User) is { } userId)
        {
            await presence.LeftInboxAsync(accountId, inboxId, userId, Context.ConnectionId, Context.ConnectionAborted);
        }
    }

    /// <summary>
    /// Tells the others in the conversation's inbox that the caller started (<paramref name="typing"/>) or stopped typing
    /// (Chatwoot's <c>conversation.typing_on</c> / <c>typing_off</c>); nothing is stored.
    /// </summary>
    /// <param name="conversationId">The conversation's display id, as in every route.</param>
    public async Task Typing(int conversationId, bool typing)
    {
        var accountId = ActForAccount();
        var inboxId = await db.Set<Conversation>().Where(c => c.DisplayId == conversationId).Select(c => (int?)c.InboxId)
            .SingleOrDefaultAsync(Context.ConnectionAborted);
        if (inboxId is not { } inbox || !Joined.Contains(inbox))
        {
            throw new HubException("Uní primero la bandeja de esa conversación. / Join that conversation's inbox first.");
        }
        var caller = ChatCaller.Of(Context.User!);
        var notice = new TypingNotice(conversationId, inbox, new TypingUser(caller.UserId, caller.Name), time.GetUtcNow().ToUnixTimeSeconds());
        await Clients.OthersInGroup(LiveGroups.Inbox(accountId, inbox))
            .SendAsync(typing ? LiveEventTypes.TypingOn : LiveEventTypes.TypingOff, notice, Context.ConnectionAborted);
    }

    /// <summary>The account a hub request names in its query string, for the Hub to authenticate the caller for it.</summary>
    public static string? AccountOf(HttpRequest request) =>
        request.Path.StartsWithSegments(Path, StringComparison.Ordinal)
        && int.TryParse(request.Query[AccountQuery].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id.ToString(CultureInfo.InvariantCulture)
            : null;

    private HashSet<int> Joined => (HashSet<int>)Context.Items[JoinedInboxes]!;

    private int ActForAccount()
    {
        var accountId = AccountOf(Context.User) ?? throw new HubException("Sin cuenta. / No account.");
        account.Set(accountId);
        return accountId;
    }

    private async Task<bool> MayJoinAsync(int inboxId)
    {
        if (!await db.Set<Inbox>().AnyAsync(i => i.Id == inboxId, Context.ConnectionAborted))
        {
            return false;
        }
        var user = Context.User!;
        if (user.IsInRole(ChatRoles.Owner) || user.IsInRole(ChatRoles.Admin) || user.IsInRole(ChatRoles.Service))
        {
            return true;
        }
        return UserOf(user) is { } userId
            && await db.Set<InboxMember>().AnyAsync(m => m.InboxId == inboxId && m.UserId == userId, Context.ConnectionAborted);
    }

    private static int? AccountOf(ClaimsPrincipal? user) =>
        int.TryParse(user?.FindFirstValue(HubClaimTypes.Tenant), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static int? UserOf(ClaimsPrincipal? user) => user is null ? null : ChatCaller.Of(user).UserId;
}

/// <summary>The SignalR groups of the live inbox: one per account, one per inbox of it.</summary>
internal static class LiveGroups
{
    public static string Account(int accountId) => $"account:{accountId}";

    public static string Inbox(int accountId, int inboxId) => $"account:{accountId}:inbox:{inboxId}";
}

/// <summary>What the live inbox's clients hear, besides Chat's own event types (<see cref="Events.ChatEventTypes"/>).</summary>
public static class LiveEventTypes
{
    public const string TypingOn = "conversation.typing_on";
    public const string TypingOff = "conversation.typing_off";
}

public sealed record TypingUser(int? Id, string Name);

/// <param name="ConversationId">The conversation's display id.</param>
public sealed record TypingNotice(int ConversationId, int InboxId, TypingUser User, long Timestamp);
