using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using VersatileHub.Tests.Fakes.YCloud;

namespace VersatileHub.Tests.Fakes.Meta;

/// <summary>
/// Meta's WhatsApp Cloud API on 127.0.0.1 (Graph API, version in the base URL): <c>POST /{phone-number-id}/messages</c> with
/// a bearer token, answering <c>{messaging_product, contacts: [{input, wa_id}], messages: [{id: wamid}]}</c>; errors as
/// <c>{"error": {"message", "type", "code", "fbtrace_id"}}</c>; <c>GET /{media-id}</c> answering the media's <c>url</c>;
/// <c>POST /{phone-number-id}/media</c> (multipart <c>messaging_product=whatsapp</c>, <c>file</c>, <c>type</c>) answering the media <c>id</c>. Its
/// webhooks are built and signed here as Meta sends them: <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>.
/// </summary>
public sealed class FakeMeta : ProviderServer
{
    public const string AccessToken = "meta-test-access-token";

    public static async Task<FakeMeta> StartAsync()
    {
        var fake = new FakeMeta();
        await fake.ListenAsync();
        return fake;
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/{phoneNumberId}/messages", async (string phoneNumberId, HttpContext context) =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            if (authorization != $"Bearer {AccessToken}")
            {
                return Results.Json(new { error = new { message = "Invalid OAuth access token.", type = "OAuthException", code = 190 } }, statusCode: 401);
            }
            var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            var refusal = body["messaging_product"]?.ToString() != "whatsapp" ? "The parameter messaging_product is required." : Refusal(body);
            if (refusal is not null)
            {
                return Results.Json(new { error = new { message = $"(#100) {refusal}", type = "OAuthException", code = 100 } }, statusCode: 400);
            }
            if (await RecordAndTroubleAsync(context, authorization, body,
                """{"error":{"message":"Service temporarily unavailable","type":"OAuthException","code":2,"fbtrace_id":"fake"}}"""))
            {
                return Results.Empty;
            }
            var to = body["to"]?.GetValue<string>();
            return Results.Json(new
            {
                messaging_product = "whatsapp",
                contacts = new[] { new { input = to, wa_id = to } },
                messages = new[] { new { id = Accept(body, "wamid.meta-out-") } },
            });
        });
        app.MapPost("/{phoneNumberId}/media", async (string phoneNumberId, HttpContext context) =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            if (authorization != $"Bearer {AccessToken}")
            {
                return Results.Json(new { error = new { message = "Invalid OAuth access token.", type = "OAuthException", code = 190 } }, statusCode: 401);
            }
            var (upload, refusal) = await UploadAsync(context, authorization, "messaging_product");
            return upload is null || upload.Fields["messaging_product"] != "whatsapp"
                ? Results.Json(new { error = new { message = $"(#100) {refusal ?? "messaging_product must be whatsapp."}", type = "OAuthException", code = 100 } }, statusCode: 400)
                : Results.Json(new { id = upload.Id });
        }).DisableAntiforgery();
        app.MapGet("/media-bytes/{id}", (string id, HttpContext context) =>
            context.Request.Headers.Authorization != $"Bearer {AccessToken}" ? Results.Unauthorized()
            : TryMedia(id, out var media) ? Results.Bytes(media.Bytes, media.MimeType) : Results.NotFound());
        app.MapGet("/{mediaId}", (string mediaId, HttpContext context) =>
            context.Request.Headers.Authorization != $"Bearer {AccessToken}" ? Results.Unauthorized()
            : TryMedia(mediaId, out var media)
                ? Results.Json(new { url = new Uri(BaseUrl, $"/media-bytes/{mediaId}").ToString(), mime_type = media.MimeType, id = mediaId, messaging_product = "whatsapp" })
                : Results.NotFound());
    }

    /// <summary>A webhook with <c>entry[].changes[].value.messages[]</c> and the contact's profile name.</summary>
    public static string InboundText(string phoneNumberId, string id, string waId, string name, string text, DateTimeOffset at) =>
        Change(phoneNumberId, new JsonObject
        {
            ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = name }, ["wa_id"] = waId }),
            ["messages"] = new JsonArray(new JsonObject
            {
                ["from"] = waId,
                ["id"] = id,
                ["timestamp"] = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["type"] = "text",
                ["text"] = new JsonObject { ["body"] = text },
            }),
        });

    /// <summary>A webhook with a media message (<c>audio</c> with <c>voice</c>, <c>image</c> with <c>caption</c>, ...) naming the media's id.</summary>
    public static string InboundMedia(string phoneNumberId, string id, string waId, string name, string type, JsonObject media, DateTimeOffset at) =>
        Change(phoneNumberId, new JsonObject
        {
            ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = name }, ["wa_id"] = waId }),
            ["messages"] = new JsonArray(new JsonObject
            {
                ["from"] = waId,
                ["id"] = id,
                ["timestamp"] = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["type"] = type,
                [type] = media,
            }),
        });

    /// <summary>A webhook with <c>statuses[]</c>.</summary>
    public static string Status(string phoneNumberId, string wamid, string status, string recipient, DateTimeOffset at) =>
        Change(phoneNumberId, new JsonObject
        {
            ["statuses"] = new JsonArray(new JsonObject
            {
                ["id"] = wamid,
                ["status"] = status,
                ["timestamp"] = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["recipient_id"] = recipient,
            }),
        });

    public static string Sign(string body, string appSecret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), Encoding.UTF8.GetBytes(body)));

    private static string Change(string phoneNumberId, JsonObject value)
    {
        value["messaging_product"] = "whatsapp";
        value["metadata"] = new JsonObject { ["display_phone_number"] = "5491100000000", ["phone_number_id"] = phoneNumberId };
        return new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = "waba-1",
                ["changes"] = new JsonArray(new JsonObject { ["field"] = "messages", ["value"] = value }),
            }),
        }.ToJsonString();
    }
}
