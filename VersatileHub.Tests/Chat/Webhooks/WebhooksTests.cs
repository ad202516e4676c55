using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Data;
using VersatileHub.Chat.Webhooks;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.Chat.Webhooks;

/// <summary>
/// Outgoing webhooks: Chatwoot's subscriptions and payloads, signed as Chatwoot documents, retried with backoff on a clock the
/// specs move, and logged per subscription.
/// </summary>
public sealed class WebhooksTests(ChatWorld world) : IClassFixture<ChatWorld>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly string[] AllEvents =
        ["message_created", "message_updated", "conversation_created", "conversation_status_changed", "conversation_updated", "contact_created", "contact_updated"];

    private WebhookReceiver _receiver = null!;
    private readonly List<int> _subscriptions = [];

    private string Webhooks => world.Account(world.AccountA, "/webhooks");

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var id in _subscriptions)
        {
            await world.A.DeleteAsync($"{Webhooks}/{id}");
        }
        await _receiver.DisposeAsync();
    }

    private async Task<int> SubscribeAsync(params string[] events)
    {
        var created = await (await world.A.PostAsJsonAsync(Webhooks, new { url = _receiver.Url, subscriptions = events, name = "n8n" }))
            .ReadAsync<JsonElement>();
        var webhook = created.GetProperty("payload").GetProperty("webhook");
        _receiver.Secret = webhook.GetProperty("secret").GetString()!;
        var id = webhook.GetProperty("id").GetInt32();
        _subscriptions.Add(id);
        return id;
    }

    private async Task<JsonElement> LogAsync(int subscription) =>
        await world.A.GetFromJsonAsync<JsonElement>($"{Webhooks}/{subscription}/deliveries");

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Still waiting for {what}.");
    }

    private Task<ReceivedWebhook> ReceivedAsync(string webhookEvent, Func<JsonElement, bool> matches, int count = 1) =>
        Eventually(() => Task.FromResult(_receiver.Of(webhookEvent).Where(r => matches(r.Json)).Skip(count - 1).FirstOrDefault()),
            $"{webhookEvent} number {count}");

    [Fact]
    public async Task A_delivery_is_signed_as_Chatwoot_documents_and_the_receiver_verifies_it()
    {
        await SubscribeAsync("message_created");
        var inbox = await world.InboxAsync();

        var ingested = await world.IngestAsync(inbox, "hook-signed", "hook-signed-1", "Hola, ¿tienen turno el martes?");

        var received = await ReceivedAsync("message_created", m => m.GetProperty("content").GetString() == "Hola, ¿tienen turno el martes?");
        Assert.True(received.SignatureValid, $"signature {received.Signature} over {received.Timestamp}.{received.Body}");
        Assert.Equal(world.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), received.Timestamp);
        Assert.True(Guid.TryParse(received.Delivery, out _), $"X-Chatwoot-Delivery {received.Delivery}");
        Assert.False(WebhookReceiver.IsSignedBy("another-secret", received.Timestamp!, received.Body, received.Signature!));
        Assert.False(WebhookReceiver.IsSignedBy(_receiver.Secret, received.Timestamp!, received.Body.Replace("martes", "jueves", StringComparison.Ordinal), received.Signature!));
        Assert.Equal(ingested.GetProperty("conversation_id").GetInt32(), received.Json.GetProperty("conversation").GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Each_event_carries_Chatwoots_payload_shape_as_of_when_it_happened()
    {
        await SubscribeAsync(AllEvents);
        var inbox = await world.InboxAsync();
        var ingested = await world.IngestAsync(inbox, "hook-shapes", "hook-shapes-1", "Quiero cambiar mi turno", name: "Marta Shapes");
        var displayId = ingested.GetProperty("conversation_id").GetInt32();
        var contactId = ingested.GetProperty("contact_id").GetInt32();
        (await world.A.PostAsJsonAsync(world.Account(world.AccountA, $"/conversations/{displayId}/toggle_status"), new { status = "resolved" })).EnsureSuccessStatusCode();
        (await world.A.PutAsJsonAsync(world.Account(world.AccountA, $"/contacts/{contactId}"), new { name = "Marta Renombrada" })).EnsureSuccessStatusCode();
        (await world.Gateway.PostAsJsonAsync($"/api/channel/inboxes/{inbox}/messages/hook-shapes-1/status", new { status = "read" })).EnsureSuccessStatusCode();

        bool IsOurs(JsonElement c) => c.GetProperty("id").GetInt32() == displayId;
        var message = (await ReceivedAsync("message_created", m => IsOurs(m.GetProperty("conversation")))).Json;
        Assert.Equal("Quiero cambiar mi turno", message.GetProperty("content").GetString());
        Assert.Equal("incoming", message.GetProperty("message_type").GetString());
        Assert.Equal("text", message.GetProperty("content_type").GetString());
        Assert.False(message.GetProperty("private").GetBoolean());
        Assert.Equal("hook-shapes-1", message.GetProperty("source_id").GetString());
        Assert.Equal("contact", message.GetProperty("sender").GetProperty("type").GetString());
        Assert.Equal(contactId, message.GetProperty("sender").GetProperty("id").GetInt32());
        Assert.Equal(inbox, message.GetProperty("inbox").GetProperty("id").GetInt32());
        Assert.Equal(world.AccountA, message.GetProperty("account").GetProperty("id").GetInt32());
        Assert.Equal("Channel::Api", message.GetProperty("conversation").GetProperty("meta").GetProperty("channel").GetString());

        var created = (await ReceivedAsync("conversation_created", IsOurs)).Json;
        Assert.Equal("open", created.GetProperty("status").GetString());
        Assert.Equal(inbox, created.GetProperty("inbox_id").GetInt32());
        Assert.Equal(contactId, created.GetProperty("meta").GetProperty("sender").GetProperty("id").GetInt32());

        var statusChanged = (await ReceivedAsync("conversation_status_changed", IsOurs)).Json;
        Assert.Equal("resolved", statusChanged.GetProperty("status").GetString());
        Assert.Equal("resolved", (await ReceivedAsync("conversation_updated", IsOurs)).Json.GetProperty("status").GetString());

        var contact = (await ReceivedAsync("contact_created", c => c.GetProperty("id").GetInt32() == contactId)).Json;
        Assert.Equal("contact", contact.GetProperty("type").GetString());
        Assert.Equal("Marta Shapes", contact.GetProperty("name").GetString());
        Assert.Equal(world.AccountA, contact.GetProperty("account").GetProperty("id").GetInt32());
        var renamed = await ReceivedAsync("contact_updated", c => c.GetProperty("name").GetString() == "Marta Renombrada");
        Assert.Equal(contactId, renamed.Json.GetProperty("id").GetInt32());

        var updated = (await ReceivedAsync("message_updated", m => IsOurs(m.GetProperty("conversation")))).Json;
        Assert.Equal("read", updated.GetProperty("status").GetString());
        Assert.All(_receiver.Received, r => Assert.True(r.SignatureValid));
    }

    [Fact]
    public async Task A_500_then_200_is_retried_once_and_delivered_once()
    {
        var subscription = await SubscribeAsync("conversation_created");
        _receiver.AnswerNext(500);
        var inbox = await world.InboxAsync();
        var displayId = (await world.IngestAsync(inbox, "hook-retry", "hook-retry-1", "Hola")).GetProperty("conversation_id").GetInt32();

        var first = await ReceivedAsync("conversation_created", c => c.GetProperty("id").GetInt32() == displayId);
        // The retry is scheduled from the clock when the failure is written down: move the clock only after that.
        await Eventually(async () => (await LogAsync(subscription)).GetProperty("payload").EnumerateArray()
            .Where(d => d.GetProperty("id").GetString() == first.Delivery && d.GetProperty("attempts").GetInt32() == 1)
            .Select(d => (JsonElement?)d).FirstOrDefault(), "the failed attempt recorded");
        world.Clock.Advance(TimeSpan.FromSeconds(2));
        var second = await ReceivedAsync("conversation_created", c => c.GetProperty("id").GetInt32() == displayId, count: 2);
        // Recorded as delivered (the receiver can answer before the dispatcher has written it down) ...
        var delivery = (await Eventually(async () => (await LogAsync(subscription)).GetProperty("payload").EnumerateArray()
            .Where(d => d.GetProperty("id").GetString() == first.Delivery && d.GetProperty("status").GetString() == "delivered")
            .Select(d => (JsonElement?)d).FirstOrDefault(), "the delivery recorded as delivered")).GetValueOrDefault();
        // ... and never sent again, however late it gets.
        world.Clock.Advance(TimeSpan.FromHours(3));
        await world.Chat.Services.GetRequiredService<WebhookDispatcher>().DispatchDueAsync(CancellationToken.None);

        Assert.Equal((500, 200), (first.AnsweredWith, second.AnsweredWith));
        Assert.Equal(first.Delivery, second.Delivery);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(2, _receiver.Of("conversation_created").Count(r => r.Delivery == first.Delivery));
        Assert.Equal([500, 200], delivery.GetProperty("attempt_log").EnumerateArray().Select(a => a.GetProperty("status_code").GetInt32()));
        Assert.Equal("HTTP 500 Internal Server Error", delivery.GetProperty("attempt_log")[0].GetProperty("error").GetString());
        Assert.True(delivery.GetProperty("attempt_log")[0].GetProperty("duration_ms").GetInt32() >= 0);
    }

    [Fact]
    public async Task A_receiver_down_for_long_is_retried_on_the_backoff_schedule_then_marked_failed()
    {
        var subscription = await SubscribeAsync("conversation_created");
        _receiver.AlwaysAnswer = 503;
        var inbox = await world.InboxAsync();
        await world.IngestAsync(inbox, "hook-down", "hook-down-1", "¿Hay alguien?");
        var schedule = RetrySchedule.WebhookDelays;

        JsonElement delivery = default;
        for (var attempt = 1; attempt <= schedule.Count + 1; attempt++)
        {
            delivery = (await Eventually(async () =>
            {
                var log = (await LogAsync(subscription)).GetProperty("payload");
                return log.GetArrayLength() == 1 && log[0].GetProperty("attempts").GetInt32() == attempt ? (JsonElement?)log[0] : null;
            }, $"attempt {attempt}")).GetValueOrDefault();
            if (attempt <= schedule.Count)
            {
                var lastAttempt = delivery.GetProperty("attempt_log")[attempt - 1].GetProperty("at").GetDateTimeOffset();
                var wait = delivery.GetProperty("next_attempt_at").GetDateTimeOffset() - lastAttempt;
                Assert.InRange(wait, schedule[attempt - 1], schedule[attempt - 1] * (1 + RetrySchedule.MaxJitter));
                world.Clock.Advance(wait);
            }
        }

        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("next_attempt_at").ValueKind);
        var attempts = delivery.GetProperty("attempt_log").EnumerateArray().ToList();
        Assert.All(attempts, a => Assert.Equal(503, a.GetProperty("status_code").GetInt32()));
        Assert.True(attempts[^1].GetProperty("at").GetDateTimeOffset() - attempts[0].GetProperty("at").GetDateTimeOffset() >= TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task Concurrent_dispatchers_never_send_one_delivery_twice()
    {
        await SubscribeAsync("message_created");
        _receiver.Latency = TimeSpan.FromMilliseconds(20);
        var inbox = await world.InboxAsync();
        const int Messages = 30;
        for (var i = 0; i < Messages; i++)
        {
            await world.IngestAsync(inbox, "hook-race", $"hook-race-{i}", $"Mensaje {i}");
        }
        var dispatcher = world.Chat.Services.GetRequiredService<WebhookDispatcher>();

        bool AllArrived() => _receiver.Of("message_created").Count(m => m.Json.GetProperty("source_id").GetString()!.StartsWith("hook-race-", StringComparison.Ordinal)) >= Messages;
        var deadline = DateTime.UtcNow + Patience;
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (!AllArrived() && DateTime.UtcNow < deadline)
            {
                await dispatcher.DispatchDueAsync(CancellationToken.None);
            }
        })));

        var race = _receiver.Of("message_created").Where(m => m.Json.GetProperty("source_id").GetString()!.StartsWith("hook-race-", StringComparison.Ordinal)).ToList();
        Assert.Equal(Messages, race.Count);
        Assert.Equal(Messages, race.Select(r => r.Delivery).Distinct().Count());
    }

    [Fact]
    public async Task The_secret_is_shown_once_and_kept_encrypted()
    {
        var id = await SubscribeAsync("contact_created");
        var secret = _receiver.Secret;

        var listed = await world.A.GetStringAsync(Webhooks);
        var updated = await (await world.A.PatchAsJsonAsync($"{Webhooks}/{id}", new { name = "Renombrado" })).Content.ReadAsStringAsync();
        await using var scope = world.Chat.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentAccount>().Set(world.AccountA);
        var stored = await scope.ServiceProvider.GetRequiredService<ChatDbContext>().Set<WebhookSubscription>().SingleAsync(s => s.Id == id);

        Assert.Matches("^[0-9a-f]{64}$", secret);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("\"secret\"", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("\"secret\"", updated, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, stored.ProtectedSecret, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"Renombrado\"", updated, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://hooks.example/chat")]
    [InlineData("javascript:alert(1)")]
    [InlineData("hooks.example/chat")]
    [InlineData("")]
    public async Task A_url_that_is_not_absolute_http_is_a_400_naming_url(string url)
    {
        var response = await world.A.PostAsJsonAsync(Webhooks, new { url, subscriptions = new[] { "message_created" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("url", out _));
    }

    [Fact]
    public async Task An_unknown_event_is_a_400_naming_subscriptions()
    {
        var response = await world.A.PostAsJsonAsync(Webhooks, new { webhook = new { url = "https://hooks.example/chat", subscriptions = new[] { "message_deleted" } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("subscriptions", out _));
    }

    [Fact]
    public async Task A_webhook_is_changed_deleted_and_then_gone()
    {
        var id = await SubscribeAsync("message_created");

        var changed = await (await world.A.PatchAsJsonAsync($"{Webhooks}/{id}", new { url = "https://hooks.example/otro", subscriptions = new[] { "contact_updated" } }))
            .ReadAsync<JsonElement>();
        var deleted = await world.A.DeleteAsync($"{Webhooks}/{id}");
        var list = await world.A.GetFromJsonAsync<JsonElement>(Webhooks);

        var webhook = changed.GetProperty("payload").GetProperty("webhook");
        Assert.Equal("https://hooks.example/otro", webhook.GetProperty("url").GetString());
        Assert.Equal(["contact_updated"], webhook.GetProperty("subscriptions").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.DoesNotContain(list.GetProperty("payload").GetProperty("webhooks").EnumerateArray(), w => w.GetProperty("id").GetInt32() == id);
        Assert.Equal(HttpStatusCode.NotFound, (await world.A.DeleteAsync($"{Webhooks}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.A.GetAsync($"{Webhooks}/{id}/deliveries")).StatusCode);
    }

    [Fact]
    public async Task Agents_cannot_manage_webhooks()
    {
        var response = await world.Bot.GetAsync(Webhooks);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
