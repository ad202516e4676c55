using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using VersatileHub.Agent.Tools;

namespace VersatileHub.Agent.Replies;

/// <summary>How posting a reply to Chat ended.</summary>
public enum PostOutcome
{
    Posted,

    /// <summary>Chat answered 409: a human has taken the conversation over; nothing more is sent.</summary>
    HumanTookOver,

    /// <summary>The conversation no longer exists for this tenant.</summary>
    Gone,
}

/// <summary>
/// Posts a reply to Chat as the bot, part after part, through Chatwoot's messages API with the service token. A picture
/// is fetched and attached (so the channel sends it as an image), or sent as a link when it cannot be fetched.
/// </summary>
public sealed partial class ChatReplies(SuiteClients chat, IHttpClientFactory httpClients, IOptions<AgentOptions> options, ILogger<ChatReplies> logger)
{
    public const string ImagesHttpClientName = "product-images";

    public async Task<PostOutcome> PostAsync(int tenant, int conversationDisplayId, Reply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var path = $"/api/v1/accounts/{tenant}/conversations/{conversationDisplayId}/messages";
        foreach (var part in reply.Messages)
        {
            using var content = part.ImageUrl is { } url ? await ImageAsync(url, part.Caption, cancellationToken) : null;
            using var response = await chat.SendAsync(SuiteClients.Chat, tenant, HttpMethod.Post, path,
                (object?)content ?? new { content = part.Text, message_type = "outgoing", content_type = "text" }, SuiteClients.ChatJson, cancellationToken);
            switch (response.StatusCode)
            {
                case HttpStatusCode.Conflict:
                    LogRefused(conversationDisplayId);
                    return PostOutcome.HumanTookOver;
                case HttpStatusCode.NotFound:
                    return PostOutcome.Gone;
                case var status when !response.IsSuccessStatusCode:
                    throw new ToolFailedException($"Chat refused part {part.Part} of a reply with {(int)status}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
        return PostOutcome.Posted;
    }

    /// <summary>The picture as a multipart message with its caption; a link in the text when it cannot be fetched.</summary>
    private async Task<HttpContent> ImageAsync(string url, string? caption, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await httpClients.CreateClient(ImagesHttpClientName).GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var type = response.Content.Headers.ContentType?.MediaType;
            var isImage = response.IsSuccessStatusCode && type is not null && type.StartsWith("image/", StringComparison.Ordinal);
            if (isImage && !(response.Content.Headers.ContentLength > options.Value.MaxImageBytes)
                && await ReadLimitedAsync(response.Content, options.Value.MaxImageBytes, cancellationToken) is { } bytes)
            {
                var form = new MultipartFormDataContent();
                var file = new ByteArrayContent(bytes);
                file.Headers.ContentType = new MediaTypeHeaderValue(type!);
                form.Add(new StringContent("outgoing"), "message_type");
                if (caption is not null)
                {
                    form.Add(new StringContent(caption), "content");
                }
                form.Add(file, "attachments[]", FileName(url, type!));
                return form;
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogImageUnavailable(url, exception.Message);
        }
        return JsonContent(caption is null ? url : $"{caption}\n{url}");
    }

    private static HttpContent JsonContent(string text) =>
        System.Net.Http.Json.JsonContent.Create(new { content = text, message_type = "outgoing", content_type = "text" }, options: SuiteClients.ChatJson);

    private static async Task<byte[]?> ReadLimitedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string FileName(string url, string mediaType)
    {
        var name = Path.GetFileName(new Uri(url).AbsolutePath);
        return name.Length > 0 ? name : "image." + mediaType["image/".Length..];
    }

    [LoggerMessage(LogLevel.Information, "Chat refused the bot's reply in conversation {Conversation}: a human has taken over.")]
    private partial void LogRefused(int conversation);

    [LoggerMessage(LogLevel.Warning, "The picture {Url} could not be fetched ({Reason}); it goes as a link.")]
    private partial void LogImageUnavailable(string url, string reason);
}
