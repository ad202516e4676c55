using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using VersatileHub.WhatsApp.Channels;
using VersatileHub.WhatsApp.Inbound;

namespace VersatileHub.WhatsApp.Outbound;

/// <summary>One attempt's outcome: accepted with the provider's id, or refused, and whether another attempt may succeed.</summary>
internal sealed record SendAttempt(string? ProviderId, string? Error, bool Retryable, TimeSpan? RetryAfter)
{
    public static SendAttempt Accepted(string id) => new(id, null, false, null);
}

/// <summary>
/// The providers' send APIs: YCloud <c>POST /v2/whatsapp/messages</c> (<c>X-API-Key</c>), Meta <c>POST /{phone-number-id}/messages</c>
/// (bearer); files are uploaded first through their media APIs, YCloud <c>POST /v2/whatsapp/media/{phone}/upload</c> and Meta
/// <c>POST /{phone-number-id}/media</c>, and sent by the media id they answer.
/// </summary>
internal sealed class ProviderSend(IHttpClientFactory clients, IOptions<WhatsAppOptions> options, TimeProvider time)
{
    /// <summary>Sends one part; a file part names the media id <see cref="UploadAsync"/> answered.</summary>
    public Task<SendAttempt> SendAsync(
        WhatsAppInbox inbox, string to, OutboundPart part, string? mediaId, string externalId, CancellationToken cancellationToken)
    {
        var request = inbox.Provider == WhatsAppProvider.YCloud ? YCloud(inbox, to, part, mediaId, externalId) : Meta(inbox, to, part, mediaId, externalId);
        return ExecuteAsync(request, body => IdOf(inbox.Provider, body), cancellationToken);
    }

    /// <summary>Uploads a file for the inbox's sending number; the attempt's id is the provider's media id.</summary>
    public Task<SendAttempt> UploadAsync(WhatsAppInbox inbox, byte[] bytes, string mimeType, string fileName, CancellationToken cancellationToken)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(mimeType);
        HttpRequestMessage request;
        if (inbox.Provider == WhatsAppProvider.YCloud)
        {
            form.Add(file, "file", fileName);
            request = new HttpRequestMessage(HttpMethod.Post,
                $"{options.Value.YCloudBaseUrl.TrimEnd('/')}/v2/whatsapp/media/{Uri.EscapeDataString(inbox.PhoneNumber ?? "")}/upload") { Content = form };
            request.Headers.Add("X-API-Key", inbox.ApiKey);
        }
        else
        {
            form.Add(new StringContent("whatsapp"), "messaging_product");
            form.Add(new StringContent(mimeType), "type");
            form.Add(file, "file", fileName);
            request = new HttpRequestMessage(HttpMethod.Post,
                $"{options.Value.MetaBaseUrl.TrimEnd('/')}/{Uri.EscapeDataString(inbox.PhoneNumberId ?? "")}/media") { Content = form };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", inbox.AccessToken);
        }
        return ExecuteAsync(request, body => ProviderPayloads.Text(Root(body), "id"), cancellationToken);
    }

    private async Task<SendAttempt> ExecuteAsync(HttpRequestMessage request, Func<string, string?> idOf, CancellationToken cancellationToken)
    {
        using var _ = request;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.SendTimeout);
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(TurnPreparation.ProviderClient).SendAsync(request, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendAttempt(null, "timeout", true, null);
        }
        catch (HttpRequestException exception)
        {
            return new SendAttempt(null, $"unreachable: {exception.Message}", true, null);
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode && idOf(body) is { } id)
            {
                return SendAttempt.Accepted(id);
            }
            var status = (int)response.StatusCode;
            var retryable = response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500;
            return new SendAttempt(null, $"{status} {ErrorOf(body)}".Trim(), retryable, RetryAfter(response));
        }
    }

    private HttpRequestMessage YCloud(WhatsAppInbox inbox, string to, OutboundPart part, string? mediaId, string externalId)
    {
        var message = new Dictionary<string, object?>
        {
            ["from"] = inbox.PhoneNumber,
            ["to"] = to,
            ["type"] = part.Type,
            [part.Type] = Content(part, mediaId, previewUrl: null),
            ["externalId"] = externalId,
        };
        var request = new HttpRequestMessage(HttpMethod.Post, $"{options.Value.YCloudBaseUrl.TrimEnd('/')}/v2/whatsapp/messages")
        {
            Content = JsonContent.Create(message),
        };
        request.Headers.Add("X-API-Key", inbox.ApiKey);
        return request;
    }

    private HttpRequestMessage Meta(WhatsAppInbox inbox, string to, OutboundPart part, string? mediaId, string externalId)
    {
        var message = new Dictionary<string, object?>
        {
            ["messaging_product"] = "whatsapp",
            ["recipient_type"] = "individual",
            ["to"] = to.TrimStart('+'),
            ["type"] = part.Type,
            [part.Type] = Content(part, mediaId, previewUrl: false),
            // Comes back in the message's status webhooks.
            ["biz_opaque_callback_data"] = externalId,
        };
        var request = new HttpRequestMessage(HttpMethod.Post,
            $"{options.Value.MetaBaseUrl.TrimEnd('/')}/{Uri.EscapeDataString(inbox.PhoneNumberId ?? "")}/messages")
        {
            Content = JsonContent.Create(message),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", inbox.AccessToken);
        return request;
    }

    /// <summary>The type's object: <c>text {body}</c>, or the media's <c>{id, caption, filename}</c> (audio takes no caption).</summary>
    private static Dictionary<string, object?> Content(OutboundPart part, string? mediaId, bool? previewUrl)
    {
        if (part.Type == "text")
        {
            var text = new Dictionary<string, object?> { ["body"] = part.Text };
            if (previewUrl is { } preview)
            {
                text["preview_url"] = preview;
            }
            return text;
        }
        var media = new Dictionary<string, object?> { ["id"] = mediaId };
        if (part.Text is { } caption && part.Type != "audio")
        {
            media["caption"] = caption;
        }
        if (part.Type == "document" && part.File is { } file)
        {
            media["filename"] = file.FileName;
        }
        return media;
    }

    private static JsonElement Root(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>YCloud answers the message object (<c>id</c>); Meta <c>messages[0].id</c>, the wamid.</summary>
    private static string? IdOf(WhatsAppProvider provider, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return provider == WhatsAppProvider.YCloud
                ? ProviderPayloads.Text(root, "id")
                : ProviderPayloads.Array(root, "messages").Select(m => ProviderPayloads.Text(m, "id")).FirstOrDefault();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Both providers describe an error as <c>{ "error": { "message": ... } }</c>.</summary>
    private static string ErrorOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (ProviderPayloads.Object(document.RootElement, "error") is { } error && ProviderPayloads.Text(error, "message") is { } message)
            {
                return message;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the text itself, shortened.
        }
        return body.Length > 300 ? body[..300] : body;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta;
            }
            if (retryAfter.Date is { } date)
            {
                return date - time.GetUtcNow();
            }
        }
        return response.Headers.TryGetValues("Retry-After", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }
}
