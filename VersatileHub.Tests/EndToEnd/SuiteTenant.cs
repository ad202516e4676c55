using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using VersatileHub.Tests.Fakes.Meta;
using VersatileHub.Tests.Fakes.YCloud;

namespace VersatileHub.Tests.EndToEnd;

/// <summary>A WhatsApp inbox of a tenant in Chat: the key of its webhook address, its number, and the secret its provider signs with.</summary>
public sealed record ProviderInbox(int Id, string Key, string Phone, string Secret, string? PhoneNumberId = null);

/// <summary>
/// One business on the running suite, set up through the services' APIs as its admin would: the admin's access token
/// calls the Hub, Chat, the Agent and Flow. Each scenario has a tenant of its own, so none sees another's conversations.
/// </summary>
public sealed class SuiteTenant(RunningSuite suite, int id, string adminEmail, string adminPassword, string token) : IDisposable
{
    private static int _numbers;

    public int Id { get; } = id;

    public string AdminEmail { get; } = adminEmail;

    public string AdminPassword { get; } = adminPassword;

    public HttpClient Hub { get; } = suite.Client(suite.Hub, token);

    public HttpClient Chat { get; } = suite.Client(suite.Chat, token);

    public HttpClient Agent { get; } = suite.Client(suite.Agent, token);

    public HttpClient Flow { get; } = suite.Client(suite.Flow, token);

    /// <summary>A customer's WhatsApp number, new for each call.</summary>
    public static string NewCustomerPhone() => "+54911" + (30_000_000 + Interlocked.Increment(ref _numbers)).ToString(CultureInfo.InvariantCulture);

    /// <summary>The tenant's primary agent profile: the fake model under <paramref name="model"/>, with an API key of its own.</summary>
    public async Task UseModelAsync(string model) =>
        await PostAsync(Agent, "/api/agent/profiles", new
        {
            role = "primary", name = "Principal", endpoint = suite.Model.Endpoint, model, apiKey = suite.NewSecret("sk-model-"),
            persona = "Sos Sofía, de la tienda. Hablás de vos.", language = "es",
        });

    /// <summary>A YCloud inbox in Chat whose messages go on at once (buffer 0).</summary>
    public async Task<ProviderInbox> YCloudInboxAsync()
    {
        var phone = NewCustomerPhone();
        var secret = suite.NewSecret("whsec_");
        var inbox = await InboxAsync(new
        {
            type = "whatsapp", phone_number = phone, provider = "ycloud",
            provider_config = new { api_key = FakeYCloud.ApiKey, webhook_secret = secret, buffer_seconds = 0 },
        });
        return new ProviderInbox(inbox.GetProperty("id").GetInt32(), inbox.GetProperty("webhook_key").GetString()!, phone, secret);
    }

    /// <summary>A Meta Cloud API inbox in Chat whose messages go on at once (buffer 0).</summary>
    public async Task<ProviderInbox> MetaInboxAsync()
    {
        var phone = NewCustomerPhone();
        var appSecret = suite.NewSecret("app-secret-");
        var phoneNumberId = $"20{Interlocked.Increment(ref _numbers):D8}";
        var inbox = await InboxAsync(new
        {
            type = "whatsapp", phone_number = phone, provider = "whatsapp_cloud",
            provider_config = new
            {
                access_token = FakeMeta.AccessToken, phone_number_id = phoneNumberId, app_secret = appSecret,
                verify_token = suite.NewSecret("verify-"), buffer_seconds = 0,
            },
        });
        return new ProviderInbox(inbox.GetProperty("id").GetInt32(), inbox.GetProperty("webhook_key").GetString()!, phone, appSecret, phoneNumberId);
    }

    /// <summary>The inbox's only conversation, once Chat has it.</summary>
    public async Task<JsonElement> ConversationAsync(ProviderInbox inbox) =>
        await Waiting.UntilAsync(async () =>
        {
            var list = await Chat.GetFromJsonAsync<JsonElement>(Account($"/conversations?inbox_id={inbox.Id}&status=all"));
            return list.GetProperty("data").GetProperty("payload").EnumerateArray().Select(c => (JsonElement?)c).SingleOrDefault();
        }, $"a conversation in inbox {inbox.Id}");

    public async Task<JsonElement> ConversationAsync(int displayId) =>
        await Chat.GetFromJsonAsync<JsonElement>(Account($"/conversations/{displayId}"));

    /// <summary>The conversation's messages, oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> MessagesAsync(int displayId) =>
        [.. (await Chat.GetFromJsonAsync<JsonElement>(Account($"/conversations/{displayId}/messages"))).GetProperty("payload").EnumerateArray()];

    /// <summary>The Hub customer Chat linked to the conversation's contact (Chat links a contact with a phone in the background).</summary>
    public async Task<int> LinkedCustomerAsync(JsonElement conversation)
    {
        var contact = conversation.GetProperty("meta").GetProperty("sender").GetProperty("id").GetInt32();
        return await Waiting.UntilAsync(async () =>
        {
            var view = await Chat.GetFromJsonAsync<JsonElement>(Account($"/contacts/{contact}"));
            return view.GetProperty("payload").GetProperty("hub_customer_id") is { ValueKind: JsonValueKind.Number } customer ? customer.GetInt32() : (int?)null;
        }, $"contact {contact} to be linked to a Hub customer");
    }

    /// <summary>An agenda in the tenant's zone: one stylist working <paramref name="periods"/> and a 30-minute "Corte" on a 15-minute grid; the service's id.</summary>
    public async Task<int> AgendaAsync(string timeZone, IEnumerable<object> periods)
    {
        (await Hub.PutAsJsonAsync("/api/agenda/settings", new { timeZone })).EnsureSuccessStatusCode();
        var resource = await PostAsync(Hub, "/api/agenda/resources", new { name = "Estilista 1", kind = "Staff" });
        var resourceId = resource.GetProperty("id").GetInt32();
        var hours = await Hub.PutAsJsonAsync($"/api/agenda/resources/{resourceId}/working-hours", new { periods });
        Assert.True(hours.IsSuccessStatusCode, await hours.Content.ReadAsStringAsync());
        var service = await PostAsync(Hub, "/api/agenda/services", new { name = "Corte", durationMinutes = 30, slotIntervalMinutes = 15, resourceIds = new[] { resourceId } });
        return service.GetProperty("id").GetInt32();
    }

    /// <summary>Signs the admin in to <paramref name="site"/> through the Hub's sign-in page, in a browser of their own, and waits until the Hub has sent them back.</summary>
    public async Task<IPage> SignInAsync(Uri site, string path, string signedIn)
    {
        var page = await suite.OpenAsync(site);
        await page.GotoAsync(path);
        await page.Locator("#email").FillAsync(AdminEmail);
        await page.Locator("#password").FillAsync(AdminPassword);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Uri(site, path == "/account/login" ? "/" : path).ToString());
        await Assertions.Expect(page.Locator(signedIn)).ToBeVisibleAsync();
        return page;
    }

    public string Account(string path) => $"/api/v1/accounts/{Id}{path}";

    public static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {client.BaseAddress}{path.TrimStart('/')} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<JsonElement> InboxAsync(object channel) =>
        PostAsync(Chat, Account("/inboxes"), new { name = "WhatsApp del negocio", channel });

    public void Dispose()
    {
        Hub.Dispose();
        Chat.Dispose();
        Agent.Dispose();
        Flow.Dispose();
    }
}

/// <summary>Waits for what the suite does in the background, polling up to a generous deadline (never a speed assertion).</summary>
public static class Waiting
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what) where T : struct
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Waited {Deadline.TotalSeconds} s for {what}.");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until what a fake has recorded satisfies <paramref name="done"/>.</summary>
    public static async Task<T> UntilSeenAsync<T>(Func<T> probe, Func<T, bool> done, string what, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? Deadline);
        while (true)
        {
            var value = probe();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Waited {(deadline ?? Deadline).TotalSeconds} s for {what}.");
            }
            await Task.Delay(100);
        }
    }

    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Waited {Deadline.TotalSeconds} s for {what}.");
            }
            await Task.Delay(100);
        }
    }
}
