using Microsoft.AspNetCore.Http.HttpResults;
using VersatileHub.Chat.Desk;

namespace VersatileHub.Chat.Apis;

internal static class SearchApi
{
    public static RouteGroupBuilder MapSearchApi(this RouteGroupBuilder account)
    {
        account.MapGet("/search/messages", SearchMessages);
        return account;
    }

    public static async Task<Ok<PayloadView<SearchMessagesPayload>>> SearchMessages(
        string? q, int? page, MessageSearch search, CancellationToken cancellationToken) =>
        TypedResults.Ok(await search.SearchAsync(q, page, cancellationToken));
}
