using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace VersatileHub.Tests.Fakes.YCloud;

/// <summary>
/// YCloud on 127.0.0.1, as docs.ycloud.com describes it: <c>POST /v2/whatsapp/messages</c> with <c>X-API-Key</c> (401
/// without the right key), answering the WhatsApp message object (<c>id</c>, <c>status: accepted</c>, ...); errors as
/// <c>{"error": {"status", "code", "message"}}</c>; media behind links fetched with the same key; files uploaded with
/// <c>POST /v2/whatsapp/media/{phoneNumber}/upload</c> (multipart <c>file</c>) answering their media <c>id</c>, which a send names. Its webhooks are built
/// and signed here as YCloud sends them: <c>YCloud-Signature: t=&lt;unix&gt;,s=&lt;hex HMAC-SHA256 of "t.body"&gt;</c>.
/// </summary>
public sealed class FakeYCloud : ProviderServer
{
    public const string ApiKey = "ycloud-test-api-key";

    public static async Task<FakeYCloud> StartAsync()
    {
        var fake = new FakeYCloud();
        await fake.ListenAsync();
        return fake;
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/v2/whatsapp/messages", async (HttpContext context) =>
        {
            var key = context.Request.Headers["X-API-Key"].ToString();
            if (key != ApiKey)
            {
                return Results.Json(new { error = new { status = 401, code = "UNAUTHORIZED", message = "Invalid API key." } }, statusCode: 401);
            }
            var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            if (Refusal(body) is { } refusal)
            {
                return Results.Json(new { error = new { status = 400, code = "INVALID_ARGUMENT", message = refusal } }, statusCode: 400);
            }
            if (await RecordAndTroubleAsync(context, key, body, """{"error":{"status":503,"code":"SERVICE_UNAVAILABLE","message":"Service temporarily unavailable."}}"""))
            {
                return Results.Empty;
            }
            return Results.Json(new
            {
                id = Accept(body, "ycloud-msg-"),
                status = "accepted",
                from = body["from"]?.GetValue<string>(),
                to = body["to"]?.GetValue<string>(),
                type = body["type"]?.GetValue<string>(),
                externalId = body["externalId"]?.GetValue<string>(),
                createTime = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            });
        });
        app.MapPost("/v2/whatsapp/media/{phoneNumber}/upload", async (string phoneNumber, HttpContext context) =>
        {
            var key = context.Request.Headers["X-API-Key"].ToString();
            if (key != ApiKey)
            {
                return Results.Json(new { error = new { status = 401, code = "UNAUTHORIZED", message = "Invalid API key." } }, statusCode: 401);
            }
            if (!phoneNumber.StartsWith('+') || !phoneNumber[1..].All(char.IsAsciiDigit))
            {
                return Results.Json(new { error = new { status = 400, code = "INVALID_ARGUMENT", message = "phoneNumber must be E.164." } }, statusCode: 400);
            }
            var (upload, refusal) = await UploadAsync(context, key);
            return upload is null
                ? Results.Json(new { error = new { status = 400, code = "INVALID_ARGUMENT", message = refusal } }, statusCode: 400)
                : Results.Json(new { id = upload.Id });
        }).DisableAntiforgery();
        app.MapGet("/media/{id}", (string id, HttpContext context) =>
            context.Request.Headers["X-API-Key"] != ApiKey ? Results.Unauthorized()
            : TryMedia(id, out var media) ? Results.Bytes(media.Bytes, media.MimeType) : Results.NotFound());
    }

    /// <summary>A link to a media file, as an inbound message carries it.</summary>
    public string MediaLink(string id) => new Uri(BaseUrl, $"/media/{id}").ToString();

    /// <summary><c>whatsapp.inbound_message.received</c> for a text message.</summary>
    public static string InboundText(string id, string from, string to, string name, string text, DateTimeOffset at) =>
        Inbound(id, from, to, name, "text", new JsonObject { ["body"] = text }, at);

    /// <summary><c>whatsapp.inbound_message.received</c> for media (<c>image</c>, <c>audio</c>, <c>document</c>, ...).</summary>
    public static string Inbound(string id, string from, string to, string name, string type, JsonObject content, DateTimeOffset at) =>
        new JsonObject
        {
            ["id"] = $"evt_{id}",
            ["type"] = "whatsapp.inbound_message.received",
            ["apiVersion"] = "v2",
            ["createTime"] = at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["whatsappInboundMessage"] = new JsonObject
            {
                ["id"] = $"ycloud-in-{id}",
                ["wamid"] = $"wamid.{id}",
                ["wabaId"] = "waba-1",
                ["from"] = from,
                ["customerProfile"] = new JsonObject { ["name"] = name },
                ["to"] = to,
                ["sendTime"] = at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                ["type"] = type,
                [type] = content,
            },
        }.ToJsonString();

    /// <summary><c>whatsapp.message.updated</c>: how far a sent message got.</summary>
    public static string MessageUpdated(string messageId, string status, DateTimeOffset at, string? errorCode = null, string? errorMessage = null)
    {
        var message = new JsonObject { ["id"] = messageId, ["wamid"] = $"wamid.{messageId}", ["status"] = status };
        if (errorCode is not null)
        {
            message["errorCode"] = errorCode;
            message["errorMessage"] = errorMessage;
        }
        return new JsonObject
        {
            ["id"] = $"evt_{Guid.NewGuid():N}",
            ["type"] = "whatsapp.message.updated",
            ["apiVersion"] = "v2",
            ["createTime"] = at.ToString("O", CultureInfo.InvariantCulture),
            ["whatsappMessage"] = message,
        }.ToJsonString();
    }

    /// <summary>The <c>YCloud-Signature</c> header for <paramref name="body"/>.</summary>
    public static string Sign(string body, string secret, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return $"t={t},s={Convert.ToHexStringLower(mac)}";
    }

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
