using Microsoft.AspNetCore.Http.HttpResults;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Desk;

namespace VersatileHub.Chat.Apis;

internal static class InboxesApi
{
    public static RouteGroupBuilder MapInboxesApi(this RouteGroupBuilder account)
    {
        account.MapGet("/inboxes", ListInboxes);
        account.MapPost("/inboxes", CreateInbox).RequireAuthorization(ChatPolicies.Administer);
        account.MapPatch("/inboxes/{id:int}", UpdateInbox).RequireAuthorization(ChatPolicies.Administer);
        return account;
    }

    public static async Task<Ok<PayloadView<IReadOnlyList<InboxView>>>> ListInboxes(InboxSetup inboxes, CancellationToken cancellationToken) =>
        TypedResults.Ok(await inboxes.ListAsync(cancellationToken));

    public static async Task<Ok<InboxView>> CreateInbox(InboxRequest request, InboxSetup inboxes, CancellationToken cancellationToken) =>
        TypedResults.Ok(await inboxes.CreateAsync(request, cancellationToken));

    public static async Task<Results<Ok<InboxView>, NotFound>> UpdateInbox(int id, InboxUpdate update, InboxSetup inboxes, CancellationToken cancellationToken) =>
        await inboxes.UpdateAsync(id, update, cancellationToken) is { } inbox ? TypedResults.Ok(inbox) : TypedResults.NotFound();
}
