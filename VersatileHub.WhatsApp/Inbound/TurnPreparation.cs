using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using VersatileHub.WhatsApp.Channels;

namespace VersatileHub.WhatsApp.Inbound;

/// <summary>Chat's incoming message (<c>POST /api/channel/inboxes/{id}/messages</c>).</summary>
internal sealed record ChatIncomingMessage(
    ChatIncomingContact Contact, string SourceId, string? Content, string ContentType, IReadOnlyList<ChatIncomingAttachment>? Attachments);

internal sealed record ChatIncomingContact(string SourceId, string? Name, string PhoneNumber);

internal sealed record ChatIncomingAttachment(string FileName, string MimeType, string Data);

/// <summary>
/// Turns a provider message into Chat's: text as it is; media downloaded from the provider and attached with its caption;
/// a voice note transcribed when a transcription endpoint is configured; any other type as a note, never dropped.
/// </summary>
internal sealed partial class TurnPreparation(
    IHttpClientFactory clients, IOptions<WhatsAppOptions> options, IOptions<TranscriptionOptions> transcription, ILogger<TurnPreparation> logger)
{
    public const string ProviderClient = "whatsapp-provider";
    public const string TranscriptionClient = "whatsapp-transcription";

    public async Task<ChatIncomingMessage> PrepareAsync(WhatsAppInbox inbox, InboundMessage message, CancellationToken cancellationToken)
    {
        var contact = new ChatIncomingContact(message.From, message.Name, message.From);
        if (message.Type == "text" && message.Text is { Length: > 0 } text)
        {
            return new(contact, message.ProviderId, text, "text", null);
        }
        if (message.Media is not { } media)
        {
            return new(contact, message.ProviderId,
                $"[Mensaje de tipo '{message.Type}' que el canal no muestra. / A '{message.Type}' message the channel does not show.]", "text", null);
        }
        var file = await DownloadAsync(inbox, media, cancellationToken);
        if (file is null)
        {
            var note = "[No se pudo descargar el archivo del proveedor. / The file could not be downloaded from the provider.]";
            return new(contact, message.ProviderId, media.Caption is { Length: > 0 } caption ? $"{caption}\n{note}" : note, "text", null);
        }
        var (bytes, mimeType) = file.Value;
        var attachment = new ChatIncomingAttachment(media.FileName ?? $"{message.Type}{Extension(mimeType)}", mimeType, Convert.ToBase64String(bytes));
        if (message.Type == "audio")
        {
            var transcript = media.Voice ? await TranscribeAsync(bytes, mimeType, cancellationToken) : null;
            var content = transcript ?? (media.Voice
                ? "[Nota de voz sin transcribir. / Voice note, not transcribed.]"
                : "[Audio]");
            return new(contact, message.ProviderId, content, "audio", [attachment]);
        }
        return new(contact, message.ProviderId, media.Caption, message.Type == "image" ? "image" : "file", [attachment]);
    }

    /// <summary>YCloud gives a link to fetch with the API key; Meta an id whose URL is looked up, both with the bearer token.</summary>
    private async Task<(byte[] Bytes, string MimeType)?> DownloadAsync(WhatsAppInbox inbox, InboundMedia media, CancellationToken cancellationToken)
    {
        var http = clients.CreateClient(ProviderClient);
        try
        {
            Uri? url;
            if (inbox.Provider == WhatsAppProvider.YCloud)
            {
                url = WebLink(media.Link);
            }
            else
            {
                using var lookup = new HttpRequestMessage(HttpMethod.Get, $"{options.Value.MetaBaseUrl.TrimEnd('/')}/{Uri.EscapeDataString(media.Id ?? "")}");
                lookup.Headers.Authorization = new AuthenticationHeaderValue("Bearer", inbox.AccessToken);
                using var found = await http.SendAsync(lookup, cancellationToken);
                found.EnsureSuccessStatusCode();
                var described = await found.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                url = WebLink(ProviderPayloads.Text(described, "url"));
            }
            if (url is null)
            {
                return null;
            }
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (inbox.Provider == WhatsAppProvider.YCloud)
            {
                request.Headers.Add("X-API-Key", inbox.ApiKey);
            }
            else
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", inbox.AccessToken);
            }
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            var limit = transcription.Value.MaxMediaBytes;
            if (response.Content.Headers.ContentLength > limit)
            {
                return null;
            }
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (bytes.Length > limit)
            {
                return null;
            }
            var mimeType = media.MimeType?.Split(';')[0].Trim() is { Length: > 0 } given ? given
                : response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream";
            return (bytes, mimeType);
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or UriFormatException
            || exception is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogDownloadFailed(exception.Message);
            return null;
        }
    }

    /// <summary>An OpenAI-compatible <c>/v1/audio/transcriptions</c>; null when none is configured or it fails.</summary>
    private async Task<string?> TranscribeAsync(byte[] audio, string mimeType, CancellationToken cancellationToken)
    {
        var settings = transcription.Value;
        if (string.IsNullOrEmpty(settings.BaseUrl) || audio.Length > settings.MaxAudioBytes)
        {
            return null;
        }
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(audio);
        file.Headers.ContentType = new MediaTypeHeaderValue(mimeType);
        form.Add(file, "file", "voice" + Extension(mimeType));
        form.Add(new StringContent(settings.Model), "model");
        if (!string.IsNullOrEmpty(settings.Language))
        {
            form.Add(new StringContent(settings.Language), "language");
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{settings.BaseUrl.TrimEnd('/')}/v1/audio/transcriptions") { Content = form };
        if (!string.IsNullOrEmpty(settings.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
        }
        try
        {
            using var response = await clients.CreateClient(TranscriptionClient).SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            var result = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return ProviderPayloads.Text(result, "text") is { Length: > 0 } said ? said.Trim() : null;
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException
            || exception is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogTranscriptionFailed(exception.Message);
            return null;
        }
    }

    /// <summary>An absolute http(s) address; anything else a provider names (a relative path, <c>file:</c>) is no media to fetch.</summary>
    private static Uri? WebLink(string? link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp) ? url : null;

    private static string Extension(string mimeType) => mimeType switch
    {
        "audio/ogg" => ".ogg",
        "audio/mpeg" => ".mp3",
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/webp" => ".webp",
        "application/pdf" => ".pdf",
        "video/mp4" => ".mp4",
        _ => "",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "A media file could not be downloaded from the provider: {Reason}")]
    private partial void LogDownloadFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A voice note could not be transcribed: {Reason}")]
    private partial void LogTranscriptionFailed(string reason);
}
