using Microsoft.AspNetCore.Http.HttpResults;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Apis;

namespace VersatileHub.Chat.Webhooks;

internal static class WebhooksApi
{
    /// <summary>Chatwoot's <c>/api/v1/accounts/{account_id}/webhooks</c>, for the account's admins, and the delivery log.</summary>
    public static RouteGroupBuilder MapWebhooksApi(this RouteGroupBuilder account)
    {
        var webhooks = account.MapGroup("/webhooks").RequireAuthorization(ChatPolicies.Administer);
        webhooks.MapGet("", ListWebhooks);
        webhooks.MapPost("", CreateWebhook);
        webhooks.MapPatch("/{webhook_id:int}", UpdateWebhook);
        webhooks.MapDelete("/{webhook_id:int}", DeleteWebhook);
        webhooks.MapGet("/{webhook_id:int}/deliveries", ListDeliveries);
        return account;
    }

    public static async Task<Ok<PayloadView<WebhookListPayload>>> ListWebhooks(WebhookSettings webhooks, CancellationToken cancellationToken) =>
        TypedResults.Ok(await webhooks.ListAsync(cancellationToken));

    public static async Task<Ok<PayloadView<WebhookPayload>>> CreateWebhook(WebhookRequest request, WebhookSettings webhooks, CancellationToken cancellationToken) =>
        TypedResults.Ok(await webhooks.CreateAsync(request, cancellationToken));

    public static async Task<Results<Ok<PayloadView<WebhookPayload>>, NotFound>> UpdateWebhook(
        int webhook_id, WebhookRequest request, WebhookSettings webhooks, CancellationToken cancellationToken) =>
        await webhooks.UpdateAsync(webhook_id, request, cancellationToken) is { } updated ? TypedResults.Ok(updated) : TypedResults.NotFound();

    public static async Task<Results<Ok, NotFound>> DeleteWebhook(int webhook_id, WebhookSettings webhooks, CancellationToken cancellationToken) =>
        await webhooks.DeleteAsync(webhook_id, cancellationToken) ? TypedResults.Ok() : TypedResults.NotFound();

    public static async Task<Results<Ok<DeliveryLogView>, NotFound>> ListDeliveries(
        int webhook_id, int? page, WebhookSettings webhooks, CancellationToken cancellationToken) =>
        await webhooks.DeliveriesAsync(webhook_id, page, cancellationToken) is { } log ? TypedResults.Ok(log) : TypedResults.NotFound();
}
