using Microsoft.AspNetCore.Http.HttpResults;
using VersatileHub.Chat.Accounts;

namespace VersatileHub.Chat.CannedResponses;

internal static class CannedResponsesApi
{
    /// <summary>Chatwoot's <c>/api/v1/accounts/{account_id}/canned_responses</c>: everyone in the account lists them; admins change them.</summary>
    public static RouteGroupBuilder MapCannedResponsesApi(this RouteGroupBuilder account)
    {
        var canned = account.MapGroup("/canned_responses");
        canned.MapGet("", ListCannedResponses);
        canned.MapPost("", CreateCannedResponse).RequireAuthorization(ChatPolicies.Administer);
        canned.MapPatch("/{id:int}", UpdateCannedResponse).RequireAuthorization(ChatPolicies.Administer);
        canned.MapDelete("/{id:int}", DeleteCannedResponse).RequireAuthorization(ChatPolicies.Administer);
        return account;
    }

    public static async Task<Ok<IReadOnlyList<CannedResponseView>>> ListCannedResponses(
        string? search, CannedResponseBook book, CancellationToken cancellationToken) =>
        TypedResults.Ok(await book.ListAsync(search, cancellationToken));

    public static async Task<Ok<CannedResponseView>> CreateCannedResponse(
        CannedResponseRequest request, CannedResponseBook book, CancellationToken cancellationToken) =>
        TypedResults.Ok(await book.CreateAsync(request, cancellationToken));

    public static async Task<Results<Ok<CannedResponseView>, NotFound>> UpdateCannedResponse(
        int id, CannedResponseRequest request, CannedResponseBook book, CancellationToken cancellationToken) =>
        await book.UpdateAsync(id, request, cancellationToken) is { } updated ? TypedResults.Ok(updated) : TypedResults.NotFound();

    public static async Task<Results<Ok, NotFound>> DeleteCannedResponse(int id, CannedResponseBook book, CancellationToken cancellationToken) =>
        await book.DeleteAsync(id, cancellationToken) ? TypedResults.Ok() : TypedResults.NotFound();
}
