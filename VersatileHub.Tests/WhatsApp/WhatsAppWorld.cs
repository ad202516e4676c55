using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using VersatileHub.Tests.Chat;
using VersatileHub.Tests.Fakes.Meta;
using VersatileHub.Tests.Fakes.Transcription;
using VersatileHub.Tests.Fakes.YCloud;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.WhatsApp;

/// <summary>A WhatsApp inbox of the world's account, with the credentials its provider uses.</summary>
public sealed record TestInbox(int Id, string Key, string Phone, string Secret, string? PhoneNumberId = null, string? VerifyToken = null);

/// <summary>
/// The Hub, Chat and the WhatsApp gateway in memory, sharing one clock the specs move, with fake YCloud, Meta and
/// transcription servers on real sockets. Each spec opens inboxes of its own, so specs never see each other's messages.
/// </summary>
public sealed class WhatsAppWorld : IAsyncLifetime
{
    private static int _numbers;

    public HubFactory Hub { get; } = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2031, 3, 2, 12, 0, 0, TimeSpan.Zero));

    public ChatFactory Chat { get; private set; } = null!;

    /// <summary>Messages Chat fails on, as on a fault of its own, whichever gateway calls it.</summary>
    public ChatFaults ChatFaults { get; } = new();

    public WhatsAppFactory Gateway { get; private set; } = null!;

    public FakeYCloud YCloud { get; private set; } = null!;

    public FakeMeta Meta { get; private set; } = null!;

    public FakeTranscription Transcription { get; private set; } = null!;

    public HubMember Admin { get; private set; } = null!;

    /// <summary>Account A's admin, calling Chat.</summary>
    public HttpClient A { get; private set; } = null!;

    /// <summary>The internet, calling the gateway's webhooks.</summary>
    public HttpClient Webhooks { get; private set; } = null!;

    public int AccountA => Admin.TenantId;

    public async Task InitializeAsync()
    {
        YCloud = await FakeYCloud.StartAsync();
        Meta = await FakeMeta.StartAsync();
        Transcription = await FakeTranscription.StartAsync();
        await Hub.InitializeAsync();
        Chat = new ChatFactory { Hub = Hub, Time = Clock };
        await ((IAsyncLifetime)Chat).InitializeAsync();
        Admin = await HubApi.CreateTenantWithMemberAsync(Hub, "admin");
        A = Chat.CreateClient();
        A.DefaultRequestHeaders.Add(HubApi.AccessTokenHeader, ChatWorld.TokenOf(Admin));
        Gateway = await StartGatewayAsync();
        Webhooks = Gateway.CreateClient();
    }

    /// <summary>Stops the gateway (whatever it was doing) and starts a new one on the same Redis and Chat.</summary>
    public async Task RestartGatewayAsync()
    {
        await ((IAsyncLifetime)Gateway).DisposeAsync();
        Gateway = await StartGatewayAsync();
        Webhooks = Gateway.CreateClient();
    }

    private async Task<WhatsAppFactory> StartGatewayAsync()
    {
        var gateway = new WhatsAppFactory
        {
            Chat = Chat,
            ChatFaults = ChatFaults,
            Time = Clock,
            Settings = new Dictionary<string, string>
            {
                ["WhatsApp:YCloudBaseUrl"] = YCloud.BaseUrl.ToString().TrimEnd('/'),
                ["WhatsApp:MetaBaseUrl"] = Meta.BaseUrl.ToString().TrimEnd('/'),
                ["WhatsApp:Transcription:BaseUrl"] = Transcription.BaseUrl.ToString().TrimEnd('/'),
                ["WhatsApp:Transcription:Model"] = "whisper-1",
                ["WhatsApp:Transcription:Language"] = "es",
                ["WhatsApp:PollInterval"] = "00:00:00.020",
                ["WhatsApp:ClaimTimeout"] = "00:00:01",
                ["WhatsApp:InboundRetryBaseDelay"] = "00:00:00.100",
                ["WhatsApp:InboundRetryMaxDelay"] = "00:00:01",
                ["WhatsApp:SendLease"] = "00:00:01",
                ["WhatsApp:RetryBaseDelay"] = "00:00:00.020",
                ["WhatsApp:MaxRetryDelay"] = "00:00:02",
                ["WhatsApp:SendAttempts"] = "4",
                ["WhatsApp:SendTimeout"] = "00:00:05",
                ["EventBus:ClaimTimeout"] = "00:00:01",
            },
        };
        await ((IAsyncLifetime)gateway).InitializeAsync();
        _ = gateway.Server;
        return gateway;
    }

    /// <summary>A new YCloud inbox; <paramref name="bufferSeconds"/> is its buffer window (0: each message goes on at once).</summary>
    public async Task<TestInbox> YCloudInboxAsync(double bufferSeconds = 0)
    {
        var phone = NewNumber();
        var secret = $"whsec_{Guid.NewGuid():N}";
        var id = await InboxAsync(new
        {
            type = "whatsapp",
            phone_number = phone,
            provider = "ycloud",
            provider_config = new { api_key = FakeYCloud.ApiKey, webhook_secret = secret, buffer_seconds = bufferSeconds },
        });
        return new TestInbox(id.Id, id.Key, phone, secret);
    }

    public async Task<TestInbox> MetaInboxAsync(double bufferSeconds = 0)
    {
        var phone = NewNumber();
        var appSecret = $"app-secret-{Guid.NewGuid():N}";
        var phoneNumberId = $"10{Interlocked.Increment(ref _numbers):D8}";
        var verifyToken = $"verify-{Guid.NewGuid():N}";
        var id = await InboxAsync(new
        {
            type = "whatsapp",
            phone_number = phone,
            provider = "whatsapp_cloud",
            provider_config = new
            {
                access_token = FakeMeta.AccessToken, phone_number_id = phoneNumberId, app_secret = appSecret, verify_token = verifyToken,
                buffer_seconds = bufferSeconds,
            },
        });
        return new TestInbox(id.Id, id.Key, phone, appSecret, phoneNumberId, verifyToken);
    }

    /// <summary>YCloud delivers a webhook, signed with the inbox's secret at the world's time unless a signature is given.</summary>
    public Task<HttpResponseMessage> YCloudWebhookAsync(TestInbox inbox, string body, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/ycloud/{inbox.Key}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("YCloud-Signature", signature ?? FakeYCloud.Sign(body, inbox.Secret, Clock.GetUtcNow()));
        return Webhooks.SendAsync(request);
    }

    public Task<HttpResponseMessage> MetaWebhookAsync(TestInbox inbox, string body, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/meta/{inbox.Key}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Hub-Signature-256", signature ?? FakeMeta.Sign(body, inbox.Secret));
        return Webhooks.SendAsync(request);
    }

    /// <summary>Every message of the inbox in Chat, oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> MessagesAsync(TestInbox inbox)
    {
        var conversations = await A.GetFromJsonAsync<JsonElement>(Account($"/conversations?inbox_id={inbox.Id}&status=all"));
        var messages = new List<JsonElement>();
        foreach (var conversation in conversations.GetProperty("data").GetProperty("payload").EnumerateArray())
        {
            var list = await A.GetFromJsonAsync<JsonElement>(Account($"/conversations/{conversation.GetProperty("id").GetInt32()}/messages"));
            messages.AddRange(list.GetProperty("payload").EnumerateArray());
        }
        return [.. messages.OrderBy(m => m.GetProperty("id").GetInt64())];
    }

    /// <summary>The conversation (display id) of the inbox's only contact.</summary>
    public async Task<int> ConversationAsync(TestInbox inbox)
    {
        var conversations = await A.GetFromJsonAsync<JsonElement>(Account($"/conversations?inbox_id={inbox.Id}&status=all"));
        return conversations.GetProperty("data").GetProperty("payload").EnumerateArray().Single().GetProperty("id").GetInt32();
    }

    /// <summary>A human agent replies in Chat; the reply's message id.</summary>
    public async Task<long> ReplyAsync(int conversation, string content)
    {
        var response = await A.PostAsJsonAsync(Account($"/conversations/{conversation}/messages"), new { content });
        return (await response.ReadAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>Waits until <paramref name="condition"/> holds (checked against real servers, so it may take a moment).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, Func<Task>? meanwhile = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still waiting for {what}.");
            }
            if (meanwhile is not null)
            {
                await meanwhile();
            }
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// A message of the inbox once the gateway has reported on it (it has a provider id: Chat's own status of a new outgoing
    /// message is already <c>sent</c>) and its status is one of <paramref name="statuses"/>.
    /// </summary>
    public async Task<JsonElement> MessageWithStatusAsync(TestInbox inbox, long messageId, params string[] statuses) =>
        (await EventuallyAsync(() => MessagesAsync(inbox),
            ms => ms.Any(m => m.GetProperty("id").GetInt64() == messageId && m.GetProperty("source_id").ValueKind == JsonValueKind.String
                && statuses.Contains(m.GetProperty("status").GetString())),
            $"message {messageId} to be {string.Join(" or ", statuses)}"))
        .Single(m => m.GetProperty("id").GetInt64() == messageId);

    public string Account(string path) => $"/api/v1/accounts/{AccountA}{path}";

    private async Task<(int Id, string Key)> InboxAsync(object channel)
    {
        var response = await A.PostAsJsonAsync(Account("/inboxes"), new { name = "WhatsApp del estudio", channel });
        var inbox = await response.ReadAsync<JsonElement>();
        return (inbox.GetProperty("id").GetInt32(), inbox.GetProperty("webhook_key").GetString()!);
    }

    private static string NewNumber() => "+54911" + (10_000_000 + Interlocked.Increment(ref _numbers)).ToString(CultureInfo.InvariantCulture);

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Gateway).DisposeAsync();
        await ((IAsyncLifetime)Chat).DisposeAsync();
        await ((IAsyncLifetime)Hub).DisposeAsync();
        await YCloud.DisposeAsync();
        await Meta.DisposeAsync();
        await Transcription.DisposeAsync();
        if (Directory.Exists(Chat.AttachmentFolder))
        {
            Directory.Delete(Chat.AttachmentFolder, recursive: true);
        }
    }
}
