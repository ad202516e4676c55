using System.Net.Http.Headers;
using System.Text.Json;
using VersatileHub.Tests.Fakes.Meta;
using VersatileHub.Tests.Fakes.YCloud;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.WhatsApp.Outbound;

namespace VersatileHub.Tests.WhatsApp;

/// <summary>
/// Replies with files: each file is fetched from Chat, uploaded to the provider's media API and sent by its media id, the
/// reply's text as its caption; every part goes out once.
/// </summary>
public sealed class OutboundMediaTests(WhatsAppWorld world) : IClassFixture<WhatsAppWorld>
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46];
    private static readonly byte[] Pdf = "%PDF-1.7\n%âãÏÓ\n"u8.ToArray();
    private static readonly byte[] Ogg = [0x4F, 0x67, 0x67, 0x53, 0x00, 0x02, 0x00, 0x00];

    [Fact]
    public async Task An_image_reply_is_uploaded_to_YCloud_and_sent_by_its_media_id_with_the_text_as_caption()
    {
        var (inbox, customer, conversation) = await CustomerWroteAsync(ycloud: true);

        var reply = await ReplyWithFilesAsync(conversation, "Estas son las zapatillas", ("zapatillas.jpg", "image/jpeg", Jpeg));

        var message = await world.MessageWithStatusAsync(inbox, reply, "sent");
        var upload = Assert.Single(world.YCloud.Uploads, u => u.Path == $"/v2/whatsapp/media/{inbox.Phone}/upload");
        Assert.Equal(FakeYCloud.ApiKey, upload.Credential);
        Assert.Equal(Jpeg, upload.Bytes);
        Assert.Equal("image/jpeg", upload.ContentType);
        var send = Assert.Single(world.YCloud.Sends, s => s.Body["from"]?.GetValue<string>() == inbox.Phone);
        Assert.Equal(customer, send.Body["to"]!.GetValue<string>());
        Assert.Equal("image", send.Body["type"]!.GetValue<string>());
        Assert.Equal(upload.Id, send.Body["image"]!["id"]!.GetValue<string>());
        Assert.Equal("Estas son las zapatillas", send.Body["image"]!["caption"]!.GetValue<string>());
        Assert.Equal($"vh-{reply}", send.Body["externalId"]!.GetValue<string>());
        Assert.StartsWith("ycloud-msg-", message.GetProperty("source_id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_and_a_voice_note_go_out_through_Meta_as_two_messages_and_the_second_ones_status_reaches_the_reply()
    {
        var (inbox, customer, conversation) = await CustomerWroteAsync(ycloud: false);

        var reply = await ReplyWithFilesAsync(conversation, "Te paso el programa",
            ("programa.pdf", "application/pdf", Pdf), ("explicacion.ogg", "audio/ogg", Ogg));

        var message = await world.MessageWithStatusAsync(inbox, reply, "sent");
        var uploads = world.Meta.Uploads.Where(u => u.Path == $"/{inbox.PhoneNumberId}/media").ToList();
        Assert.Equal([Pdf, Ogg], uploads.Select(u => u.Bytes));
        Assert.All(uploads, u => Assert.Equal("whatsapp", u.Fields["messaging_product"]));
        Assert.Equal(["application/pdf", "audio/ogg"], uploads.Select(u => u.Fields["type"]));
        var sends = world.Meta.Sends.Where(s => s.Path == $"/{inbox.PhoneNumberId}/messages").ToList();
        Assert.Equal(["document", "audio"], sends.Select(s => s.Body["type"]!.GetValue<string>()));
        Assert.Equal(uploads[0].Id, sends[0].Body["document"]!["id"]!.GetValue<string>());
        Assert.Equal("Te paso el programa", sends[0].Body["document"]!["caption"]!.GetValue<string>());
        Assert.Equal("programa.pdf", sends[0].Body["document"]!["filename"]!.GetValue<string>());
        Assert.Equal(uploads[1].Id, sends[1].Body["audio"]!["id"]!.GetValue<string>());
        Assert.Null(sends[1].Body["audio"]!["caption"]);
        Assert.Equal([$"vh-{reply}", $"vh-{reply}-1"], sends.Select(s => s.Body["biz_opaque_callback_data"]!.GetValue<string>()));
        Assert.All(sends, s => Assert.Equal(customer.TrimStart('+'), s.Body["to"]!.GetValue<string>()));

        // Chat knows the reply by its first message's id; the voice note's status is the reply's too.
        Assert.StartsWith("wamid.meta-out-", message.GetProperty("source_id").GetString(), StringComparison.Ordinal);
        var voiceNote = await world.MetaWebhookAsync(inbox, FakeMeta.Status(inbox.PhoneNumberId!, await SecondWamidAsync(inbox, reply), "read",
            customer.TrimStart('+'), world.Clock.GetUtcNow()));
        voiceNote.EnsureSuccessStatusCode();
        await world.MessageWithStatusAsync(inbox, reply, "read");
    }

    [Fact]
    public async Task A_429_while_sending_files_retries_only_the_refused_one_and_each_file_is_uploaded_and_sent_once()
    {
        var (inbox, _, conversation) = await CustomerWroteAsync(ycloud: true);

        var reply = await ReplyWithTroubleAsync(conversation, null, () => world.YCloud.Next(new Trouble.RateLimited(RetryAfterSeconds: 0)),
            ("a.jpg", "image/jpeg", Jpeg), ("b.png", "image/png", Jpeg));

        await world.MessageWithStatusAsync(inbox, reply, "sent");
        var sends = world.YCloud.Sends.Where(s => s.Body["from"]?.GetValue<string>() == inbox.Phone).ToList();
        // The first attempt answered 429 and was tried again: three requests, two messages, each file uploaded once.
        Assert.Equal([$"vh-{reply}", $"vh-{reply}", $"vh-{reply}-1"], sends.Select(s => s.Body["externalId"]!.GetValue<string>()));
        Assert.Equal(2, world.YCloud.Uploads.Count(u => u.Path == $"/v2/whatsapp/media/{inbox.Phone}/upload"));
        Assert.All(sends, s => Assert.Null(s.Body["image"]!["caption"]));
    }

    [Fact]
    public void A_text_goes_as_the_caption_of_the_first_file_that_takes_one_and_otherwise_before_the_files()
    {
        OutgoingAttachment File(long id, string mime) => new(id, "file", $"f{id}", mime, 10);

        var voiceOnly = OutboundParts.Of("Escuchá esto", [File(1, "audio/ogg")]);
        var voiceThenPicture = OutboundParts.Of("Mirá", [File(1, "audio/ogg"), File(2, "image/png")]);
        var longText = OutboundParts.Of(new string('a', 1025), [File(1, "image/jpeg")]);
        var webp = OutboundParts.Of(null, [File(1, "image/webp")]);
        var textOnly = OutboundParts.Of("Hola", null);
        var nothing = OutboundParts.Of("  ", []);

        Assert.Equal([("text", "Escuchá esto"), ("audio", null)], voiceOnly.Select(p => (p.Type, p.Text)));
        Assert.Equal([("audio", null), ("image", "Mirá")], voiceThenPicture.Select(p => (p.Type, p.Text)));
        Assert.Equal(["text", "image"], longText.Select(p => p.Type));
        Assert.Null(longText[1].Text);
        Assert.Equal("document", Assert.Single(webp).Type);
        Assert.Equal([0, 1], voiceThenPicture.Select(p => p.Index));
        Assert.Equal("text", Assert.Single(textOnly).Type);
        Assert.Empty(nothing);
    }

    /// <summary>A human replies in Chat with files (multipart, as Chat's web app does); <paramref name="trouble"/> runs just before.</summary>
    private async Task<long> ReplyWithFilesAsync(int conversation, string? content, params (string Name, string MimeType, byte[] Bytes)[] files) =>
        await ReplyWithTroubleAsync(conversation, content, null, files);

    private async Task<long> ReplyWithTroubleAsync(int conversation, string? content, Action? trouble, params (string Name, string MimeType, byte[] Bytes)[] files)
    {
        using var form = new MultipartFormDataContent();
        if (content is not null)
        {
            form.Add(new StringContent(content), "content");
        }
        foreach (var (name, mimeType, bytes) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(mimeType);
            form.Add(file, "attachments[]", name);
        }
        trouble?.Invoke();
        var response = await world.A.PostAsync(world.Account($"/conversations/{conversation}/messages"), form);
        return (await response.ReadAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>The wamid Meta answered for the reply's second message.</summary>
    private Task<string> SecondWamidAsync(TestInbox inbox, long reply) =>
        Task.FromResult(world.Meta.Answered.Single(a => a.Body["biz_opaque_callback_data"]?.GetValue<string>() == $"vh-{reply}-1").Id);

    /// <summary>A customer writes to a new inbox (opening the 24-hour window); the inbox, the customer and the conversation.</summary>
    private async Task<(TestInbox Inbox, string Customer, int Conversation)> CustomerWroteAsync(bool ycloud)
    {
        var inbox = ycloud ? await world.YCloudInboxAsync() : await world.MetaInboxAsync();
        var customer = $"+549115557{inbox.Id:D4}";
        var now = world.Clock.GetUtcNow();
        var response = ycloud
            ? await world.YCloudWebhookAsync(inbox, FakeYCloud.InboundText($"media-{inbox.Id}", customer, inbox.Phone, "Lucía", "Hola", now))
            : await world.MetaWebhookAsync(inbox, FakeMeta.InboundText(inbox.PhoneNumberId!, $"wamid.media-{inbox.Id}", customer.TrimStart('+'), "Lucía", "Hola", now));
        response.EnsureSuccessStatusCode();
        await WhatsAppWorld.EventuallyAsync(() => world.MessagesAsync(inbox), ms => ms.Count == 1, "the customer's message in Chat");
        return (inbox, customer, await world.ConversationAsync(inbox));
    }
}
