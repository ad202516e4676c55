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

/// <summary>The providers' send APIs: YCloud <c>POST /v2/whatsapp/messages</c> (<c>X-API-Key</c>), Meta <c>POST /{phone-number-id}/messages</c> (bearer).</summary>
internal sealed class ProviderSend(IHttpClientFactory clients, IOptions<WhatsAppOptions> options, TimeProvider time)
{
    public async Task<SendAttempt> SendTextAsync(WhatsAppInbox inbox, string to, string text, string externalId, CancellationToken cancellationToken)
    {
        using var request = inbox.Provider == WhatsAppProvider.YCloud ? YCloud(inbox, to, text, externalId) : Meta(inbox, to, text);
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
            if (response.IsSuccessStatusCode && IdOf(inbox.Provider, body) is { } id)
            {
                return SendAttempt.Accepted(id);
            }
            var status = (int)response.StatusCode;
            var retryable = response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500;
            return new SendAttempt(null, $"{status} {ErrorOf(body)}".Trim(), retryable, RetryAfter(response));
        }
    }

    private HttpRequestMessage YCloud(WhatsAppInbox inbox, string to, string text, string externalId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{options.Value.YCloudBaseUrl.TrimEnd('/')}/v2/whatsapp/messages")
        {
            Content = JsonContent.Create(new { from = inbox.PhoneNumber, to, type = "text", text = new { body = text }, externalId }),
        };
        request.Headers.Add("X-API-Key", inbox.ApiKey);
        return request;
    }

    private HttpRequestMessage Meta(WhatsAppInbox inbox, string to, string text)
    {
        var request = new HttpRequestMessage(HttpMethod.Post,
            $"{options.Value.MetaBaseUrl.TrimEnd('/')}/{Uri.EscapeDataString(inbox.PhoneNumberId ?? "")}/messages")
        {
            Content = JsonContent.Create(new
            {
                messaging_product = "whatsapp",
                recipient_type = "individual",
                to = to.TrimStart('+'),
                type = "text",
                text = new { preview_url = false, body = text },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", inbox.AccessToken);
        return request;
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
