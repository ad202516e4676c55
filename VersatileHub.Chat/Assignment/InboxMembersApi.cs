using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Apis;

namespace VersatileHub.Chat.Assignment;

/// <summary>Chatwoot's <c>inbox_members</c> routes: anyone in the account lists an inbox's agents; admins change them.</summary>
internal static class InboxMembersApi
{
    public static RouteGroupBuilder MapInboxMembersApi(this RouteGroupBuilder account)
    {
        account.MapGet("/inbox_members/{inbox_id:int}", ListMembers);
        account.MapPost("/inbox_members", AddMembers).RequireAuthorization(ChatPolicies.Administer);
        account.MapPatch("/inbox_members", ReplaceMembers).RequireAuthorization(ChatPolicies.Administer);
        account.MapDelete("/inbox_members", RemoveMembers).RequireAuthorization(ChatPolicies.Administer);
        return account;
    }

    public static async Task<Results<Ok<PayloadView<IReadOnlyList<InboxAgentView>>>, NotFound>> ListMembers(
        [FromRoute(Name = "inbox_id")] int inboxId, InboxMembers members, CancellationToken cancellationToken) =>
        await members.ListAsync(inboxId, cancellationToken) is { } agents ? TypedResults.Ok(new PayloadView<IReadOnlyList<InboxAgentView>>(agents)) : TypedResults.NotFound();

    public static async Task<Ok<PayloadView<IReadOnlyList<InboxAgentView>>>> AddMembers(
        InboxMembersRequest request, InboxMembers members, CancellationToken cancellationToken) =>
        TypedResults.Ok(new PayloadView<IReadOnlyList<InboxAgentView>>(await members.AddAsync(request, cancellationToken)));

    public static async Task<Ok<PayloadView<IReadOnlyList<InboxAgentView>>>> ReplaceMembers(
        InboxMembersRequest request, InboxMembers members, CancellationToken cancellationToken) =>
        TypedResults.Ok(new PayloadView<IReadOnlyList<InboxAgentView>>(await members.ReplaceAsync(request, cancellationToken)));

    public static async Task<Ok<PayloadView<IReadOnlyList<InboxAgentView>>>> RemoveMembers(
        [FromBody] InboxMembersRequest request, InboxMembers members, CancellationToken cancellationToken) =>
        TypedResults.Ok(new PayloadView<IReadOnlyList<InboxAgentView>>(await members.RemoveAsync(request, cancellationToken)));
}
