using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Desk;
using VersatileHub.Chat.Domain;
using VersatileHub.Chat.Ingest;

namespace VersatileHub.Chat.Apis;

internal static class ChannelApi
{
    /// <summary>
    /// For the channel gateways, with their service token and the account in <c>X-VH-Tenant</c>: incoming messages,
    /// delivery reports and the inbox's provider settings.
    /// </summary>
    public static IEndpointRouteBuilder MapChannelApi(this IEndpointRouteBuilder app)
    {
        var inbox = app.MapGroup("/api/channel/inboxes/{inbox_id:int}").RequireAuthorization(ChatPolicies.Channel).WithDomainErrors();
        inbox.MapPost("/messages", ReceiveMessage);
        inbox.MapPost("/messages/{source_id}/status", ReportDelivery);
        inbox.MapGet("/settings", GetSettings);
        return app;
    }

    public static async Task<Results<Ok<IngestedMessage>, NotFound>> ReceiveMessage(
        [FromRoute(Name = "inbox_id")] int inboxId, IncomingMessage message, ChannelIngest ingest, CancellationToken cancellationToken) =>
        await ingest.ReceiveAsync(inboxId, message, cancellationToken) is { } ingested ? TypedResults.Ok(ingested) : TypedResults.NotFound();

    public static async Task<Results<Ok<DeliveryView>, NotFound>> ReportDelivery(
        [FromRoute(Name = "inbox_id")] int inboxId, [FromRoute(Name = "source_id")] string sourceId, DeliveryReport report,
        ChannelIngest ingest, CancellationToken cancellationToken) =>
        await ingest.ReportAsync(inboxId, sourceId, report, cancellationToken) is { } delivery ? TypedResults.Ok(delivery) : TypedResults.NotFound();

    public static async Task<Results<Ok<ChannelSettingsView>, NotFound>> GetSettings(
        [FromRoute(Name = "inbox_id")] int inboxId, InboxSetup inboxes, CancellationToken cancellationToken) =>
        await inboxes.ChannelSettingsAsync(inboxId, cancellationToken) is { } settings ? TypedResults.Ok(settings) : TypedResults.NotFound();
}
