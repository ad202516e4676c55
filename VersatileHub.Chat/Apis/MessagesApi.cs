using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Attachments;
using VersatileHub.Chat.Data;
using VersatileHub.Chat.Desk;
using VersatileHub.Chat.Domain;

namespace VersatileHub.Chat.Apis;

internal static class MessagesApi
{
    public static RouteGroupBuilder MapMessagesApi(this RouteGroupBuilder account)
    {
        account.MapGet("/conversations/{conversation_id:int}/messages", ListMessages);
        account.MapPost("/conversations/{conversation_id:int}/messages", CreateMessage).RequireAuthorization(ChatPolicies.Operate)
            .DisableAntiforgery();
        account.MapGet("/attachments/{id:long}", DownloadAttachment);
        return account;
    }

    /// <summary>The latest page of messages, or with <c>before</c> (a message id) the page before it.</summary>
    public static async Task<Results<Ok<MessageListView>, NotFound>> ListMessages(
        [FromRoute(Name = "conversation_id")] int conversationId, string? before, ConversationDesk desk, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        long? beforeId = before is null ? null
            : long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
            : throw new InvalidFieldException("before", "before es el id de un mensaje. / before is a message id.");
        return await desk.MessagesAsync(conversationId, beforeId, user.Caller().UserId, cancellationToken) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();
    }

    /// <summary>Chatwoot's create message: a JSON body, or multipart form data with files in <c>attachments[]</c>.</summary>
    public static async Task<Results<Ok<MessageView>, NotFound>> CreateMessage(
        [FromRoute(Name = "conversation_id")] int conversationId, HttpRequest request, ConversationDesk desk, ClaimsPrincipal user,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken)
    {
        var message = request.HasFormContentType
            ? await FromFormAsync(request, cancellationToken)
            : await FromJsonAsync(request, json.Value.SerializerOptions, cancellationToken);
        return await desk.PostAsync(conversationId, message, user.Caller(), cancellationToken) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();
    }

    public static async Task<Results<FileStreamHttpResult, NotFound>> DownloadAttachment(
        long id, ChatDbContext db, IAttachmentStore store, CancellationToken cancellationToken)
    {
        var attachment = await db.Set<Attachment>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        return attachment is not null && store.OpenRead(attachment.StorageKey) is { } content
            ? TypedResults.File(content, attachment.MimeType, attachment.FileName)
            : TypedResults.NotFound();
    }

    private static async Task<NewMessage> FromJsonAsync(HttpRequest request, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await request.ReadFromJsonAsync<NewMessage>(options, cancellationToken)
                ?? throw new InvalidFieldException("body", "Mandá el mensaje. / Send the message.");
        }
        catch (JsonException invalid)
        {
            throw new InvalidFieldException(invalid.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : "body",
                "El cuerpo no es JSON válido para un mensaje. / The body is not valid JSON for a message.");
        }
    }

    private static async Task<NewMessage> FromFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var isPrivate = form["private"].ToString() switch
        {
            "" => (bool?)null,
            var text when bool.TryParse(text, out var value) => value,
            _ => throw new InvalidFieldException("private", "private es true o false. / private is true or false."),
        };
        var files = form.Files.Where(f => f.Name is "attachments[]" or "attachments")
            .Select(f => new IncomingFile(f.FileName, string.IsNullOrEmpty(f.ContentType) ? "application/octet-stream" : f.ContentType, f.Length, f.OpenReadStream))
            .ToList();
        return new NewMessage(NullIfEmpty(form["content"]), NullIfEmpty(form["message_type"]), isPrivate, NullIfEmpty(form["content_type"]),
            NullIfEmpty(form["echo_id"]), null) { Files = files };
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) =>
        value.Count == 0 || string.IsNullOrEmpty(value[0]) ? null : value.ToString();

}
