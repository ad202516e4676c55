using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using VersatileHub.Agent.Loop;
using VersatileHub.Agent.Replies;

namespace VersatileHub.Tests.Agent;

public sealed class RepliesTests
{
    [Fact]
    public void A_reply_keeps_text_and_pictures_in_order_as_numbered_parts()
    {
        var reply = Reply.FromModelText("Mirá estas:\n![Zapatilla Run](https://img.example/run.png)\n![Zapatilla Trail](https://img.example/trail.png)\n¿Cuál te gusta?");

        Assert.Equal("ok", reply.Status);
        Assert.True(reply.Send);
        Assert.Equal(
            [
                new ReplyPart(1, 4, Text: "Mirá estas:"),
                new ReplyPart(2, 4, ImageUrl: "https://img.example/run.png", Caption: "Zapatilla Run"),
                new ReplyPart(3, 4, ImageUrl: "https://img.example/trail.png", Caption: "Zapatilla Trail"),
                new ReplyPart(4, 4, Text: "¿Cuál te gusta?"),
            ],
            reply.Messages);
    }

    [Fact]
    public void Text_longer_than_whatsapp_allows_is_split_at_paragraphs_without_losing_a_word()
    {
        var paragraph = string.Join(' ', Enumerable.Repeat("palabra", 400)).Trim();
        var text = string.Join("\n\n", paragraph, paragraph, paragraph);

        var reply = Reply.FromModelText(text);

        Assert.All(reply.Messages, p => Assert.InRange(p.Text!.Length, 1, Reply.MaxTextLength));
        Assert.True(reply.Messages.Count >= 2);
        Assert.Equal(text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length,
            reply.Messages.Sum(p => p.Text!.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length));
    }

    [Fact]
    public void A_caption_over_1024_characters_goes_on_in_a_text_part()
    {
        var caption = string.Join(' ', Enumerable.Repeat("detalle", 200));

        var reply = Reply.FromModelText($"![{caption}](https://img.example/a.png)");

        Assert.InRange(reply.Messages[0].Caption!.Length, 1, Reply.MaxCaptionLength);
        Assert.Equal("https://img.example/a.png", reply.Messages[0].ImageUrl);
        Assert.Equal(caption, reply.Messages[0].Caption + " " + string.Join(' ', reply.Messages.Skip(1).Select(p => p.Text)));
    }

    [Fact]
    public void An_empty_answer_sends_nothing()
    {
        var reply = Reply.FromModelText("  ");

        Assert.False(reply.Send);
        Assert.Empty(reply.Messages);
    }

    [Fact]
    public void The_context_keeps_the_latest_messages_and_never_starts_inside_a_tool_exchange()
    {
        var call = new ChatMessageContent(AuthorRole.Assistant, [new FunctionCallContent("search_products", "catalog", "call_1")]);
        var result = new ChatMessageContent(AuthorRole.Tool, [new FunctionResultContent("search_products", "catalog", "call_1", "[]")]);
        List<ChatMessageContent> messages =
        [
            new(AuthorRole.User, "hola"), new(AuthorRole.Assistant, "¡hola!"), new(AuthorRole.User, "¿zapatillas?"),
            call, result, new(AuthorRole.Assistant, "no hay"), new(AuthorRole.User, "gracias"),
        ];

        var lastFour = ConversationContext.Trim(messages, 4);
        var lastThree = ConversationContext.Trim(messages, 3);

        // Four from the end would start at the tool result: its call is gone, so the exchange goes too.
        Assert.Equal(["gracias"], lastFour.Select(m => m.Content));
        Assert.Equal(["gracias"], lastThree.Select(m => m.Content));
        Assert.Equal(5, ConversationContext.Trim(messages, 5).Count);
        Assert.Equal(AuthorRole.User, ConversationContext.Trim(messages, 5)[0].Role);
    }
}
