using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Data;
using VersatileHub.Chat.Notifications;
using VersatileHub.Tests.Fakes.Smtp;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.Chat.Notifications;

/// <summary>
/// When the bot hands a conversation over, the account's handoff address gets an e-mail through the account's SMTP server
/// (a local sink here); a server that refuses is recorded, shown and retried on a clock the specs move.
/// </summary>
public sealed class HandoffEmailTests(ChatWorld world) : IClassFixture<ChatWorld>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private SmtpSink _sink = null!;

    private string Path(string rest) => world.Account(world.AccountA, rest);

    public async Task InitializeAsync()
    {
        _sink = new SmtpSink();
        (await world.A.PutAsJsonAsync(Path("/smtp_settings"), new
        {
            host = "127.0.0.1", port = _sink.Port, tls_mode = "none", user_name = "avisos", password = "smtp-secreto-1",
            from_address = "Sofía <bot@danza.example>", handoff_address = "recepcion@danza.example",
        })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    private async Task<int> HandedOffConversationAsync(string contact, string reason, string? phone = null)
    {
        var inbox = await world.InboxAsync();
        var ingested = await world.IngestAsync(inbox, contact, $"{contact}-1", "Quiero hablar con alguien", name: $"Lucía {contact}", phone: phone);
        var displayId = ingested.GetProperty("conversation_id").GetInt32();
        (await world.Bot.PostAsJsonAsync(Path($"/conversations/{displayId}/handoff"), new { reason })).EnsureSuccessStatusCode();
        return displayId;
    }

    private async Task<JsonElement> EmailAsync(int displayId, Func<JsonElement, bool> until, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            var emails = (await world.A.GetFromJsonAsync<JsonElement>(Path("/handoff_emails"))).GetProperty("payload").EnumerateArray();
            if (emails.FirstOrDefault(e => e.GetProperty("conversation_id").GetInt32() == displayId) is { ValueKind: JsonValueKind.Object } email && until(email))
            {
                return email;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Still waiting for the handoff e-mail of conversation {displayId}: {what}.");
    }

    private static bool Attempts(JsonElement email, int count) => email.GetProperty("attempts").GetInt32() == count;

    private List<(SinkMessage Envelope, MimeMessage Message)> SentAbout(int displayId) =>
        _sink.Messages.Select(m => (m, MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data)))))
            .Where(m => m.Item2.Subject?.Contains($"#{displayId}:", StringComparison.Ordinal) == true).ToList();

    [Fact]
    public async Task A_bot_handoff_emails_the_handoff_address_with_the_link_the_contact_and_the_reason()
    {
        var displayId = await HandedOffConversationAsync("mail-ok", "Reclamo por un cobro doble", phone: "+5491155550123");

        var email = await EmailAsync(displayId, e => e.GetProperty("status").GetString() == "sent", "sent");

        var (received, message) = SentAbout(displayId).Single();
        Assert.Equal(["recepcion@danza.example"], received.To);
        Assert.Equal("bot@danza.example", received.From);
        Assert.Equal(("avisos", "smtp-secreto-1"), (received.User, received.Password));
        Assert.Equal($"Conversación #{displayId}: el bot pide una persona / Conversation #{displayId}: the bot asks for a human", message.Subject);
        var text = message.TextBody ?? "";
        Assert.Contains($"Open it: http://127.0.0.1:5102/conversations/{displayId}", text.Split('\n').Select(line => line.TrimEnd('\r')));
        Assert.Contains("Lucía mail-ok (+5491155550123)", text, StringComparison.Ordinal);
        Assert.Contains("Motivo: Reclamo por un cobro doble", text, StringComparison.Ordinal);
        Assert.Contains("Reason: Reclamo por un cobro doble", text, StringComparison.Ordinal);
        Assert.Equal(1, email.GetProperty("attempts").GetInt32());
        Assert.Equal("recepcion@danza.example", email.GetProperty("recipient").GetString());
    }

    [Fact]
    public async Task A_refusing_smtp_server_is_recorded_shown_and_retried_until_it_accepts()
    {
        _sink.Refuse = true;
        var displayId = await HandedOffConversationAsync("mail-refused", "Quiere cancelar");

        var refused = await EmailAsync(displayId, e => Attempts(e, 1), "the first attempt");
        _sink.Refuse = false;
        world.Clock.Advance(refused.GetProperty("next_attempt_at").GetDateTimeOffset() - world.Clock.GetUtcNow());
        var sent = await EmailAsync(displayId, e => e.GetProperty("status").GetString() == "sent", "the retry");

        Assert.Equal("pending", refused.GetProperty("status").GetString());
        Assert.Contains("550", refused.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        Assert.InRange(refused.GetProperty("next_attempt_at").GetDateTimeOffset() - refused.GetProperty("created_at").GetDateTimeOffset(),
            TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1.2));
        Assert.Equal(2, sent.GetProperty("attempts").GetInt32());
        Assert.Single(SentAbout(displayId));
    }

    [Fact]
    public async Task A_notice_the_server_keeps_refusing_is_marked_failed_with_its_error_after_its_retries()
    {
        _sink.Refuse = true;
        var displayId = await HandedOffConversationAsync("mail-failed", "Pide un humano");

        for (var attempt = 1; attempt <= HandoffEmail.RetryDelays.Count; attempt++)
        {
            var pending = await EmailAsync(displayId, e => Attempts(e, attempt), $"attempt {attempt}");
            world.Clock.Advance(pending.GetProperty("next_attempt_at").GetDateTimeOffset() - world.Clock.GetUtcNow());
        }
        var failed = await EmailAsync(displayId, e => e.GetProperty("status").GetString() == "failed", "the last attempt");

        Assert.Equal(HandoffEmail.RetryDelays.Count + 1, failed.GetProperty("attempts").GetInt32());
        Assert.Contains("550", failed.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("next_attempt_at").ValueKind);
        var listedAsFailed = await world.A.GetFromJsonAsync<JsonElement>(Path("/handoff_emails?status=failed"));
        Assert.Contains(listedAsFailed.GetProperty("payload").EnumerateArray(), e => e.GetProperty("conversation_id").GetInt32() == displayId);
        Assert.Empty(SentAbout(displayId));
    }

    [Fact]
    public async Task A_human_reply_is_no_reason_to_email()
    {
        var inbox = await world.InboxAsync();
        var displayId = (await world.IngestAsync(inbox, "mail-human", "mail-human-1", "Hola")).GetProperty("conversation_id").GetInt32();
        (await world.A.PostAsJsonAsync(Path($"/conversations/{displayId}/messages"), new { content = "Te atiendo yo" })).EnsureSuccessStatusCode();
        var botHandoff = await HandedOffConversationAsync("mail-after-human", "Pide un humano");

        await EmailAsync(botHandoff, e => e.GetProperty("status").GetString() == "sent", "the bot's handoff, raised after the human's");

        var emails = (await world.A.GetFromJsonAsync<JsonElement>(Path("/handoff_emails"))).GetProperty("payload").EnumerateArray();
        Assert.DoesNotContain(emails, e => e.GetProperty("conversation_id").GetInt32() == displayId);
    }

    [Fact]
    public async Task The_smtp_password_is_write_only_and_kept_encrypted()
    {
        var shown = await world.A.GetStringAsync(Path("/smtp_settings"));
        var kept = await (await world.A.PutAsJsonAsync(Path("/smtp_settings"), new
        {
            host = "127.0.0.1", port = _sink.Port, tls_mode = "none", user_name = "avisos",
            from_address = "bot@danza.example", handoff_address = "recepcion@danza.example",
        })).ReadAsync<JsonElement>();
        await using var scope = world.Chat.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentAccount>().Set(world.AccountA);
        var stored = await scope.ServiceProvider.GetRequiredService<ChatDbContext>().Set<SmtpSettings>().AsNoTracking().SingleAsync();

        Assert.DoesNotContain("smtp-secreto-1", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("\"password\"", shown, StringComparison.Ordinal);
        Assert.Contains("\"has_password\":true", shown, StringComparison.Ordinal);
        Assert.True(kept.GetProperty("has_password").GetBoolean());
        Assert.DoesNotContain("smtp-secreto-1", stored.ProtectedPassword, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("host", "", 25, "none", "bot@danza.example", "recepcion@danza.example")]
    [InlineData("port", "127.0.0.1", 0, "none", "bot@danza.example", "recepcion@danza.example")]
    [InlineData("tls_mode", "127.0.0.1", 25, "ssl3", "bot@danza.example", "recepcion@danza.example")]
    [InlineData("from_address", "127.0.0.1", 25, "none", "no es un correo", "recepcion@danza.example")]
    [InlineData("handoff_address", "127.0.0.1", 25, "none", "bot@danza.example", "")]
    public async Task Bad_smtp_settings_are_a_400_naming_the_field(string field, string host, int port, string tls, string from, string handoff)
    {
        var response = await world.A.PutAsJsonAsync(Path("/smtp_settings"), new { host, port, tls_mode = tls, from_address = from, handoff_address = handoff });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task A_user_name_without_a_password_is_a_400_naming_password()
    {
        var response = await world.A.PutAsJsonAsync(Path("/smtp_settings"), new
        {
            host = "127.0.0.1", port = 25, tls_mode = "none", user_name = "avisos", password = "",
            from_address = "bot@danza.example", handoff_address = "recepcion@danza.example",
        });

        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Without_smtp_settings_a_handoff_is_recorded_as_failed_not_lost()
    {
        var inboxResponse = await world.B.PostAsJsonAsync(world.Account(world.AccountB, "/inboxes"), new { name = "Bandeja B", channel = new { type = "api" } });
        var inbox = (await inboxResponse.ReadAsync<JsonElement>()).GetProperty("id").GetInt32();
        var ingested = await (await world.GatewayFor(world.AccountB).PostAsJsonAsync($"/api/channel/inboxes/{inbox}/messages", new
        {
            contact = new { source_id = "mail-unset", name = "Sin SMTP" }, source_id = "mail-unset-1", content = "Hola",
        })).ReadAsync<JsonElement>();
        var displayId = ingested.GetProperty("conversation_id").GetInt32();
        (await world.B.PostAsJsonAsync(world.Account(world.AccountB, $"/conversations/{displayId}/handoff"), new { reason = "Pide un humano" })).EnsureSuccessStatusCode();

        var deadline = DateTime.UtcNow + Patience;
        JsonElement? failed = null;
        while (failed is null && DateTime.UtcNow < deadline)
        {
            var emails = (await world.B.GetFromJsonAsync<JsonElement>(world.Account(world.AccountB, "/handoff_emails"))).GetProperty("payload");
            failed = emails.GetArrayLength() > 0 ? emails[0] : null;
            await Task.Delay(50);
        }

        Assert.NotNull(failed);
        Assert.Equal("failed", failed.Value.GetProperty("status").GetString());
        Assert.Contains("SMTP", failed.Value.GetProperty("last_error").GetString(), StringComparison.Ordinal);
    }
}
