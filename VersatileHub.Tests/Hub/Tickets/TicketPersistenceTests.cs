using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Orders;
using VersatileHub.Hub.Tickets;
using VersatileHub.Tests.Hub.Orders;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Tickets;

public sealed class TicketPersistenceTests(HubFactory hub) : IClassFixture<HubFactory>
{
    private static readonly System.Security.Claims.ClaimsPrincipal Operator = TenantScope.User("user-42");

    [Fact]
    public async Task A_created_ticket_is_stored_open_with_its_created_event()
    {
        var tenant = TenantScope.NewTenantId();

        var created = await CreateAsync(tenant);

        await using var scope = TenantScope.Open(hub, tenant);
        var stored = await scope.Db.Set<Ticket>().SingleAsync(t => t.Id == created.Id);
        Assert.Equal((tenant, "Cambio de talle", TicketStatus.Open, TicketPriority.High, 55), (stored.TenantId, stored.Subject, stored.Status, stored.Priority, stored.SourceConversationId!.Value));
        var @event = Assert.Single(await TenantScope.EventsAsync(hub, tenant));
        Assert.Equal(("ticket.created", created.Id.ToString(CultureInfo.InvariantCulture)), (@event.Type, @event.Subject));
        Assert.Equal(new TicketCreated(created.Id, "Cambio de talle", "open", "high", created.CustomerId, 55, null), @event.DataAs<TicketCreated>());
    }

    [Fact]
    public async Task Edits_comments_and_moves_are_stored_and_each_publishes_its_event()
    {
        var tenant = TenantScope.NewTenantId();
        var ticket = await CreateAsync(tenant);

        await using (var scope = TenantScope.Open(hub, tenant))
        {
            var update = new UpdateTicketRequest("Cambio de talle 37 por 38", ticket.Description, "urgent", ticket.CustomerId, "user-9", ticket.Version);
            Assert.IsType<Ok<TicketResponse>>((await TicketsApi.UpdateTicket(ticket.Id, update, scope.Tickets, default)).Result);
        }
        await using (var scope = TenantScope.Open(hub, tenant))
        {
            Assert.IsType<Ok<TicketResponse>>((await TicketsApi.AddComment(ticket.Id, new AddTicketCommentRequest("Hay stock del 38"), scope.Tickets, Operator, default)).Result);
        }
        await using (var scope = TenantScope.Open(hub, tenant))
        {
            Assert.IsType<Ok<TicketResponse>>((await TicketsApi.MarkReplied(ticket.Id, new TicketStatusRequest(), scope.Tickets, Operator, default)).Result);
        }

        await using var check = TenantScope.Open(hub, tenant);
        var stored = Assert.IsType<Ok<TicketResponse>>((await TicketsApi.GetTicket(ticket.Id, check.Tickets, default)).Result).Value!;
        Assert.Equal(("Cambio de talle 37 por 38", "urgent", "user-9", "replied"), (stored.Subject, stored.Priority, stored.AssigneeUserId, stored.Status));
        Assert.Equal(("user-42", "Hay stock del 38"), (Assert.Single(stored.Comments).Author, stored.Comments[0].Body));
        Assert.Equal([(null, "open"), ("open", "replied")], stored.History.Select(c => (c.From, c.To)));

        var events = await TenantScope.EventsAsync(hub, tenant);
        Assert.Equal(["ticket.created", "ticket.updated", "ticket.updated", "ticket.status_changed"], events.Select(e => e.Type));
        Assert.Equal(["subject", "priority", "assigneeUserId"], events[1].DataAs<TicketUpdated>()!.Changed);
        Assert.Equal(["comments"], events[2].DataAs<TicketUpdated>()!.Changed);
        Assert.Equal(new TicketStatusChanged(ticket.Id, "open", "replied"), events[3].DataAs<TicketStatusChanged>());
    }

    [Fact]
    public async Task A_forbidden_move_is_a_409_with_the_reason()
    {
        var tenant = TenantScope.NewTenantId();
        var ticket = await CreateAsync(tenant);

        await using var scope = TenantScope.Open(hub, tenant);
        var result = await TicketsApi.CloseTicket(ticket.Id, new TicketStatusRequest(), scope.Tickets, Operator, default);

        var problem = Assert.IsType<ProblemHttpResult>(result.Result);
        Assert.Equal(StatusCodes.Status409Conflict, problem.StatusCode);
        Assert.Equal($"El ticket {ticket.Id} está abierto y no puede pasar a cerrado. / Ticket {ticket.Id} is open and cannot become closed.", problem.ProblemDetails.Detail);
        Assert.Equal(["ticket.created"], (await TenantScope.EventsAsync(hub, tenant)).Select(e => e.Type));
    }

    [Fact]
    public async Task An_edit_based_on_a_stale_version_is_a_409_and_overwrites_nothing()
    {
        var tenant = TenantScope.NewTenantId();
        var ticket = await CreateAsync(tenant);
        await using (var scope = TenantScope.Open(hub, tenant))
        {
            await TicketsApi.ResolveTicket(ticket.Id, new TicketStatusRequest(Version: ticket.Version), scope.Tickets, Operator, default);
        }

        await using var stale = TenantScope.Open(hub, tenant);
        var result = await TicketsApi.UpdateTicket(ticket.Id, new UpdateTicketRequest("Otro asunto", "", "low", Version: ticket.Version), stale.Tickets, default);

        Assert.Equal(StatusCodes.Status409Conflict, Assert.IsType<ProblemHttpResult>(result.Result).StatusCode);
        await using var check = TenantScope.Open(hub, tenant);
        var stored = await check.Db.Set<Ticket>().SingleAsync(t => t.Id == ticket.Id);
        Assert.Equal(("Cambio de talle", TicketStatus.Resolved), (stored.Subject, stored.Status));
    }

    [Fact]
    public async Task Another_tenants_ticket_is_not_found_nor_changed()
    {
        var ticket = await CreateAsync(TenantScope.NewTenantId());

        await using var other = TenantScope.Open(hub, TenantScope.NewTenantId());

        Assert.IsType<NotFound>((await TicketsApi.GetTicket(ticket.Id, other.Tickets, default)).Result);
        Assert.IsType<NotFound>((await TicketsApi.AddComment(ticket.Id, new AddTicketCommentRequest("hola"), other.Tickets, Operator, default)).Result);
        Assert.IsType<NotFound>((await TicketsApi.ResolveTicket(ticket.Id, new TicketStatusRequest(), other.Tickets, Operator, default)).Result);
    }

    [Fact]
    public async Task The_list_filters_by_status_priority_and_conversation()
    {
        var tenant = TenantScope.NewTenantId();
        var first = await CreateAsync(tenant);
        var second = await CreateAsync(tenant, priority: "low", conversation: 56);
        await using (var scope = TenantScope.Open(hub, tenant))
        {
            await TicketsApi.ResolveTicket(first.Id, new TicketStatusRequest(), scope.Tickets, Operator, default);
        }

        await using var read = TenantScope.Open(hub, tenant);
        Assert.Equal([first.Id], await IdsAsync(read, new TicketQuery(Status: "resolved")));
        Assert.Equal([second.Id], await IdsAsync(read, new TicketQuery(Priority: "low")));
        Assert.Equal([second.Id], await IdsAsync(read, new TicketQuery(SourceConversationId: 56)));
        Assert.Equal([first.Id, second.Id], await IdsAsync(read, new TicketQuery()));
        var invalid = await TicketsApi.ListTickets(new TicketQuery(Status: "pending"), read.Tickets, default);
        Assert.Equal(["status"], Assert.IsType<ValidationProblem>(invalid.Result).ProblemDetails.Errors.Keys);
    }

    private static async Task<int[]> IdsAsync(TenantScope scope, TicketQuery query)
    {
        var result = await TicketsApi.ListTickets(query, scope.Tickets, default);
        return [.. Assert.IsType<Ok<Page<TicketSummary>>>(result.Result).Value!.Items.Select(t => t.Id)];
    }

    private async Task<TicketResponse> CreateAsync(int tenant, string priority = "high", int conversation = 55)
    {
        await using var scope = TenantScope.Open(hub, tenant);
        var request = new CreateTicketRequest("Cambio de talle", "Pidió talle 37 y le queda chico", priority, CustomerId: await scope.NewCustomerAsync(), SourceConversationId: conversation);
        var result = await TicketsApi.CreateTicket(request, scope.Tickets, Operator, idempotencyKey: null, default);
        return Assert.IsType<Created<TicketResponse>>(result.Result).Value!;
    }
}
