using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace VersatileHub.Bench.Suite;

/// <summary>
/// The business the suite serves in a run, set up as its owner would over the services' APIs: the owner (created by the
/// Hub from <c>Parameters__admin-*</c>) signs in and takes an access token, opens a YCloud WhatsApp inbox in Chat with a
/// zero buffer window, and, when asked, gives the Agent a primary and a fallback model.
/// </summary>
internal sealed class SuiteTenant
{
    private SuiteTenant(int account, string ownerToken, int inbox, string webhookKey, string phone, string webhookSecret)
    {
        Account = account;
        OwnerToken = ownerToken;
        Inbox = inbox;
        WebhookKey = webhookKey;
        Phone = phone;
        WebhookSecret = webhookSecret;
    }

    /// <summary>The tenant: Chat's account.</summary>
    public int Account { get; }

    public string OwnerToken { get; }

    public int Inbox { get; }

    /// <summary>Names the inbox in its webhook URL, <c>/webhooks/ycloud/{key}</c>.</summary>
    public string WebhookKey { get; }

    /// <summary>The business's WhatsApp number (E.164).</summary>
    public string Phone { get; }

    public string WebhookSecret { get; }

    public static async Task<SuiteTenant> SetUpAsync(SuiteProcesses suite)
    {
        using var owner = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = suite["hub"].Address };
        using (var signIn = await owner.PostAsJsonAsync("/api/identity/sign-in", new { email = SuiteProcesses.OwnerEmail, password = suite.OwnerPassword }))
        {
            if (!signIn.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"The owner could not sign in to the Hub: {(int)signIn.StatusCode} {await signIn.Content.ReadAsStringAsync()}");
            }
        }
        var me = await ReadAsync<JsonObject>(await owner.GetAsync(new Uri("/api/identity/me", UriKind.Relative)));
        var account = me["tenantId"]!.GetValue<int>();
        var token = (await ReadAsync<JsonObject>(await owner.PostAsJsonAsync("/api/identity/tokens", new { name = "suite bench" })))["token"]!.GetValue<string>();

        var phone = "+54911" + RandomNumberGenerator.GetInt32(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        var secret = "whsec_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        using var chat = Client(suite["chat"].Address, token);
        var inbox = await ReadAsync<JsonObject>(await chat.PostAsJsonAsync(
            new Uri(string.Create(CultureInfo.InvariantCulture, $"/api/v1/accounts/{account}/inboxes"), UriKind.Relative),
            new
            {
                name = "WhatsApp (suite bench)",
                channel = new
                {
                    type = "whatsapp", phone_number = phone, provider = "ycloud",
                    provider_config = new { api_key = FakeYCloud.ApiKey, webhook_secret = secret, buffer_seconds = 0 },
                },
            }));
        return new SuiteTenant(account, token, inbox["id"]!.GetValue<int>(), inbox["webhook_key"]!.GetValue<string>(), phone, secret);
    }

    /// <summary>The tenant's own models in the Agent: <paramref name="primary"/>, and <paramref name="fallback"/> tried after its timeout or error.</summary>
    public async Task UseModelsAsync(SuiteProcesses suite, Uri primary, Uri fallback, string model)
    {
        using var agent = Client(suite["agent"].Address, OwnerToken);
        await ReadAsync<JsonObject>(await agent.PostAsJsonAsync("/api/agent/profiles",
            new { role = "primary", name = "Primary (suite bench)", endpoint = primary.ToString(), model }));
        await ReadAsync<JsonObject>(await agent.PostAsJsonAsync("/api/agent/profiles",
            new { role = "fallback", name = "Fallback (suite bench)", endpoint = fallback.ToString(), model }));
    }

    /// <summary>
    /// YCloud's <c>whatsapp.inbound_message.received</c> for a text from <paramref name="from"/>, signed now with the
    /// endpoint's secret (<c>YCloud-Signature: t=..,s=hex(HMAC-SHA256(secret, "t.body"))</c>).
    /// </summary>
    public InboundWebhook Webhook(string wamid, string from, string text)
    {
        var now = DateTimeOffset.UtcNow;
        var body = new JsonObject
        {
            ["id"] = "evt_" + wamid,
            ["type"] = "whatsapp.inbound_message.received",
            ["apiVersion"] = "v2",
            ["createTime"] = now.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["whatsappInboundMessage"] = new JsonObject
            {
                ["id"] = "ycloud-" + wamid,
                ["wamid"] = wamid,
                ["wabaId"] = "waba-suite",
                ["from"] = from,
                ["customerProfile"] = new JsonObject { ["name"] = "Cliente " + from[^4..] },
                ["to"] = Phone,
                ["sendTime"] = now.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                ["type"] = "text",
                ["text"] = new JsonObject { ["body"] = text },
            },
        }.ToJsonString();
        return new InboundWebhook($"/webhooks/ycloud/{WebhookKey}", body, Sign(body));
    }

    /// <summary>A signature made now (a redelivery is signed again, as YCloud does: old signatures expire after 300 s).</summary>
    public string Sign(string body)
    {
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookSecret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return $"t={t},s={Convert.ToHexStringLower(mac)}";
    }

    private static HttpClient Client(Uri address, string token)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("api_access_token", token);
        return client;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException(
                    $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            return (await response.Content.ReadFromJsonAsync<T>())!;
        }
    }
}

/// <summary>A signed webhook as YCloud posts it.</summary>
internal sealed record InboundWebhook(string Path, string Body, string Signature);
