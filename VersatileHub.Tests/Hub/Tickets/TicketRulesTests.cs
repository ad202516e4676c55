using VersatileHub.Hub.Api;
using VersatileHub.Hub.Tickets;

namespace VersatileHub.Tests.Hub.Tickets;

public sealed class TicketRulesTests
{
    private static readonly DateTimeOffset Opened = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_ticket_is_open_and_its_history_starts_with_the_opening()
    {
        var ticket = NewTicket();

        Assert.Equal((TicketStatus.Open, TicketPriority.High, 7, 55), (ticket.Status, ticket.Priority, ticket.CustomerId!.Value, ticket.SourceConversationId!.Value));
        var opening = Assert.Single(ticket.History);
        Assert.Equal((null, TicketStatus.Open, "agent-bot"), (opening.From, opening.To, opening.Actor));
    }

    [Fact]
    public void A_ticket_is_replied_resolved_and_closed_and_each_move_is_recorded()
    {
        var ticket = NewTicket();

        ticket.MarkReplied("user-1", Opened.AddMinutes(10), "Le escribimos por WhatsApp");
        ticket.Resolve("user-1", Opened.AddHours(2));
        ticket.Close("user-2", Opened.AddDays(1));

        Assert.Equal(TicketStatus.Closed, ticket.Status);
        Assert.Equal(
            [
                (null, TicketStatus.Open, "agent-bot", null),
                (TicketStatus.Open, TicketStatus.Replied, "user-1", "Le escribimos por WhatsApp"),
                (TicketStatus.Replied, TicketStatus.Resolved, "user-1", null),
                (TicketStatus.Resolved, TicketStatus.Closed, "user-2", null),
            ],
            ticket.History.Select(c => ((TicketStatus?)c.From, c.To, c.Actor, c.Note)));
        Assert.Equal(Opened.AddDays(1), ticket.UpdatedAt);
    }

    [Fact]
    public void A_resolved_ticket_can_be_reopened()
    {
        var ticket = NewTicket();
        ticket.Resolve("user-1", Opened);

        ticket.Reopen("user-1", Opened.AddHours(1), "The customer wrote back");

        Assert.Equal(TicketStatus.Open, ticket.Status);
    }

    private static readonly Dictionary<string, Action<Ticket>> ForbiddenMoves = new()
    {
        { "open ticket closed", t => t.Close("u", Opened) },
        { "open ticket reopened", t => t.Reopen("u", Opened) },
        { "replied ticket replied again", t => { t.MarkReplied("u", Opened); t.MarkReplied("u", Opened); } },
        { "resolved ticket replied", t => { t.Resolve("u", Opened); t.MarkReplied("u", Opened); } },
        { "closed ticket reopened", t => { t.Resolve("u", Opened); t.Close("u", Opened); t.Reopen("u", Opened); } },
    };

    public static TheoryData<string> ForbiddenMoveNames => [.. ForbiddenMoves.Keys];

    [Theory]
    [MemberData(nameof(ForbiddenMoveNames))]
    public void A_move_the_rules_forbid_is_refused_and_leaves_no_trace(string move)
    {
        var ticket = NewTicket();

        var refused = Assert.Throws<TicketConflictException>(() => ForbiddenMoves[move](ticket));

        Assert.Contains($"is {ticket.Status.Name()} and cannot become", refused.Text.En, StringComparison.Ordinal);
        Assert.Contains($"está {ticket.Status.SpanishName()} y no puede pasar a", refused.Text.Es, StringComparison.Ordinal);
        Assert.Equal(ticket.Status, ticket.History[^1].To);
    }

    [Fact]
    public void An_edit_changes_the_given_fields_and_says_which_changed()
    {
        var ticket = NewTicket();

        var changed = ticket.Edit("Talle equivocado", ticket.Description, TicketPriority.Urgent, ticket.CustomerId, "user-9", Opened.AddHours(1));

        Assert.Equal(["subject", "priority", "assigneeUserId"], changed);
        Assert.Equal(("Talle equivocado", TicketPriority.Urgent, "user-9"), (ticket.Subject, ticket.Priority, ticket.AssigneeUserId));
    }

    [Fact]
    public void A_closed_ticket_can_be_neither_edited_nor_commented_on()
    {
        var ticket = NewTicket();
        ticket.Resolve("u", Opened);
        ticket.Close("u", Opened);

        Assert.Throws<TicketConflictException>(() => ticket.Edit("x", "", TicketPriority.Low, null, null, Opened));
        Assert.Throws<TicketConflictException>(() => ticket.Comment("u", "hola", Opened));
    }

    [Fact]
    public void A_request_names_every_field_it_gets_wrong()
    {
        var errors = new CreateTicketRequest(Subject: " ", Description: null, Priority: "critical", CustomerId: -1, SourceConversationId: 0).Validate(out _);

        Assert.Equal(["customerId", "priority", "sourceConversationId", "subject"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_request_without_priority_is_normal()
    {
        Assert.Empty(new CreateTicketRequest("Consulta", null).Validate(out var priority));
        Assert.Equal(TicketPriority.Normal, priority);
    }

    private static Ticket NewTicket()
        => Ticket.Open("Zapatillas con falla", "La suela se despega", TicketPriority.High, customerId: 7, sourceConversationId: 55, assigneeUserId: null, "agent-bot", Opened);
}
