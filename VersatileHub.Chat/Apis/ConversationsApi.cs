using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Desk;

namespace VersatileHub.Chat.Apis;

public sealed record ToggleStatusRequest(string? Status, long? SnoozedUntil);

public sealed record AssignmentRequest(int? AssigneeId);

public sealed record LabelsRequest(IReadOnlyList<string?>? Labels);

public sealed record HandoffRequest(string? Reason);

internal static class ConversationsApi
{
    /// <summary>Chatwoot's conversation routes, and Chat's own for the bot: <c>handoff</c> and <c>return_to_bot</c>.</summary>
    public static RouteGroupBuilder MapConversationsApi(this RouteGroupBuilder account)
    {
        var conversations = account.MapGroup("/conversations");
        conversations.MapGet("/", ListConversations);
        conversations.MapPost("/", CreateConversation).RequireAuthorization(ChatPolicies.Operate);
        conversations.MapGet("/{conversation_id:int}", GetConversation);
        conversations.MapPost("/{conversation_id:int}/toggle_status", ToggleStatus).RequireAuthorization(ChatPolicies.Operate);
        conversations.MapPost("/{conversation_id:int}/assignments", Assign).RequireAuthorization(ChatPolicies.Operate);
        conversations.MapGet("/{conversation_id:int}/labels", GetLabels);
        conversations.MapPost("/{conversation_id:int}/labels", SetLabels).RequireAuthorization(ChatPolicies.Operate);
        conversations.MapPost("/{conversation_id:int}/update_last_seen", UpdateLastSeen);
        conversations.MapPost("/{conversation_id:int}/handoff", HandOff).RequireAuthorization(ChatPolicies.Operate);
        conversations.MapPost("/{conversation_id:int}/return_to_bot", ReturnToBot).RequireAuthorization(ChatPolicies.Operate);
        return account;
    }

    public static async Task<Ok<ConversationListView>> ListConversations(
        ConversationDesk desk, ClaimsPrincipal user, string? status, [FromQuery(Name = "assignee_type")] string? assigneeType,
        [FromQuery(Name = "inbox_id")] int? inboxId, [FromQuery(Name = "labels")] string[]? labels, string? q, int? page,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await desk.ListAsync(new ConversationFilter(status, assigneeType, inboxId, labels, q, page), user.Caller().UserId, cancellationToken));

    public static async Task<Ok<ConversationView>> CreateConversation(
        NewConversation request, ConversationDesk desk, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await desk.CreateAsync(request, user.Caller(), cancellationToken));

    public static async Task<Results<Ok<ConversationView>, NotFound>> GetConversation(
        [FromRoute(Name = "conversation_id")] int conversationId, ConversationDesk desk, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await desk.GetAsync(conversationId, user.Caller().UserId, cancellationToken) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();

    public static async Task<Results<Ok<ToggleStatusView>, NotFound>> ToggleStatus(
        [FromRoute(Name = "conversation_id")] int conversationId, ToggleStatusRequest request, ConversationDesk desk, CancellationToken cancellationToken) =>
        await desk.ToggleStatusAsync(conversationId, request.Status, request.SnoozedUntil, cancellationToken) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.NotFound();

    public static async Task<Results<Ok<AssigneeView>, NoContent, NotFound>> Assign(
        [FromRoute(Name = "conversation_id")] int conversationId, AssignmentRequest request, ConversationDesk desk, CancellationToken cancellationToken) =>
        await desk.AssignAsync(conversationId, request.AssigneeId, cancellationToken) switch
        {
            null => TypedResults.NotFound(),
            { Assignee: { } assignee } => TypedResults.Ok(assignee),
            _ => TypedResults.NoContent(),
        };

    public static async Task<Results<Ok<PayloadView<IReadOnlyList<string>>>, NotFound>> GetLabels(
        [FromRoute(Name = "conversation_id")] int conversationId, ConversationDesk desk, CancellationToken cancellationToken) =>
        await desk.LabelsAsync(conversationId, cancellationToken) is { } labels ? TypedResults.Ok(new PayloadView<IReadOnlyList<string>>(labels)) : TypedResults.NotFound();

    public static async Task<Results<Ok<PayloadView<IReadOnlyList<string>>>, NotFound>> SetLabels(
        [FromRoute(Name = "conversation_id")] int conversationId, LabelsRequest request, ConversationDesk desk, CancellationToken cancellationToken) =>
        await desk.LabelAsync(conversationId, request.Labels, cancellationToken) is { } labels
            ? TypedResults.Ok(new PayloadView<IReadOnlyList<string>>(labels))
            : TypedResults.NotFound();

    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> UpdateLastSeen(
        [FromRoute(Name = "conversation_id")] int conversationId, ConversationDesk desk, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.Caller().UserId is not { } userId)
        {
            return TypedResults.Problem("Solo una persona tiene mensajes sin leer. / Only a person has unread messages.", statusCode: StatusCodes.Status400BadRequest);
        }
        return await desk.MarkSeenAsync(conversationId, userId, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    public static async Task<Results<Ok<ConversationView>, NotFound>> HandOff(
        [FromRoute(Name = "conversation_id")] int conversationId, HandoffRequest request, ConversationDesk desk, ClaimsPrincipal user,
        CancellationToken cancellationToken) =>
        await desk.HandOffAsync(conversationId, request.Reason, user.Caller(), cancellationToken) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();

    public static async Task<Results<Ok<ConversationView>, NotFound>> ReturnToBot(
        [FromRoute(Name = "conversation_id")] int conversationId, ConversationDesk desk, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await desk.ReturnToBotAsync(conversationId, user.Caller(), cancellationToken) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();
}
