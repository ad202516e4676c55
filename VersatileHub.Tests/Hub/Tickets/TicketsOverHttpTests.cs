using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Customers;
using VersatileHub.Hub.Tickets;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Tickets;

/// <summary>The ticket routes called over HTTP by members signed in with their access tokens.</summary>
public sealed class TicketsOverHttpTests(HubFactory hub) : IClassFixture<HubFactory>
{
    [Fact]
    public async Task An_agent_opens_edits_comments_on_and_walks_a_ticket_to_closed()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var userId = agent.UserId.ToString(CultureInfo.InvariantCulture);
        var customerId = await HubApi.CreateCustomerAsync(agent.Client);

        var opening = await agent.Client.PostAsJsonAsync("/api/tickets", new
        {
            subject = "  Las zapatillas llegaron rotas ",
            description = "Pedido 1001",
            priority = "high",
            customerId,
            sourceConversationId = 42,
        });
        var opened = await opening.ReadAsync<TicketResponse>();
        var edited = await (await agent.Client.PutAsJsonAsync($"/api/tickets/{opened.Id}", new
        {
            subject = "Zapatillas rotas",
            description = "Pedido 1001, talle 37",
            priority = "urgent",
            customerId,
            assigneeUserId = userId,
            version = opened.Version,
        })).ReadAsync<TicketResponse>();
        var commented = await (await agent.Client.PostAsJsonAsync($"/api/tickets/{opened.Id}/comments", new { body = "Pedimos fotos." })).ReadAsync<TicketResponse>();
        var replied = await (await agent.Client.PostAsJsonAsync($"/api/tickets/{opened.Id}/reply", new { version = commented.Version })).ReadAsync<TicketResponse>();
        var resolved = await (await agent.Client.PostAsJsonAsync($"/api/tickets/{opened.Id}/resolve", new { note = "Cambio enviado" })).ReadAsync<TicketResponse>();
        var reopened = await (await agent.Client.PostAsJsonAsync($"/api/tickets/{opened.Id}/reopen", new { note = "El cambio tampoco sirve" })).ReadAsync<TicketResponse>();
        await (await agent.Client.PostAsJsonAsync($"/api/tickets/{opened.Id}/resolve", new { })).ReadAsync<TicketResponse>();
        var closed = await (await agent.Client.PostAsJsonAsync($"/api/tickets/{opened.Id}/close", new { })).ReadAsync<TicketResponse>();
        var read = await (await agent.Client.GetAsync($"/api/tickets/{opened.Id}")).ReadAsync<TicketResponse>();

        Assert.Equal(HttpStatusCode.Created, opening.StatusCode);
        Assert.Equal($"/api/tickets/{opened.Id}", opening.Headers.Location?.OriginalString);
        Assert.Equal(("Las zapatillas llegaron rotas", "open", "high", customerId, 42), (opened.Subject, opened.Status, opened.Priority, opened.CustomerId, opened.SourceConversationId));
        Assert.Equal(("Zapatillas rotas", "urgent", userId), (edited.Subject, edited.Priority, edited.AssigneeUserId));
        Assert.Equal(("replied", "resolved", "open", "closed"), (replied.Status, resolved.Status, reopened.Status, closed.Status));
        Assert.Equal(("closed", "Zapatillas rotas", "Pedido 1001, talle 37", closed.Version), (read.Status, read.Subject, read.Description, read.Version));
        var comment = Assert.Single(read.Comments);
        Assert.Equal((userId, "Pedimos fotos."), (comment.Author, comment.Body));
        Assert.Equal(
            new (string?, string)[] { (null, "open"), ("open", "replied"), ("replied", "resolved"), ("resolved", "open"), ("open", "resolved"), ("resolved", "closed") },
            read.History.Select(c => (c.From, c.To)));
        Assert.All(read.History, c => Assert.Equal(userId, c.Actor));
        Assert.Equal("El cambio tampoco sirve", read.History[3].Note);
    }

    [Fact]
    public async Task A_ticket_linked_to_an_unknown_customer_or_another_tenants_is_a_400_naming_customerId_and_nothing_changes()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var elsewhere = await HubApi.CreateTenantWithMemberAsync(hub, "admin");
        var theirCustomer = await HubApi.CreateCustomerAsync(elsewhere.Client);
        var ticket = await OpenAsync(agent.Client);

        var responses = new[]
        {
            await agent.Client.PostAsJsonAsync("/api/tickets", new { subject = "Cambio de talle", customerId = theirCustomer }),
            await agent.Client.PostAsJsonAsync("/api/tickets", new { subject = "Cambio de talle", customerId = int.MaxValue }),
            await agent.Client.PutAsJsonAsync($"/api/tickets/{ticket.Id}", new { subject = "Cambio de talle", priority = "low", customerId = theirCustomer }),
        };

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("customerId", out _), "No error for customerId.");
        }
        Assert.Equal(1, (await (await agent.Client.GetAsync("/api/tickets")).ReadAsync<Page<TicketSummary>>()).Total);
        var read = await (await agent.Client.GetAsync($"/api/tickets/{ticket.Id}")).ReadAsync<TicketResponse>();
        Assert.Equal((ticket.Subject, ticket.CustomerId, ticket.Version), (read.Subject, read.CustomerId, read.Version));
    }

    [Fact]
    public async Task A_closed_ticket_refuses_edits_comments_and_moves_with_a_409_problem_that_says_why()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var ticket = await OpenAsync(agent.Client);
        var closeOpen = await agent.Client.PostAsJsonAsync($"/api/tickets/{ticket.Id}/close", new { });
        await agent.Client.PostAsJsonAsync($"/api/tickets/{ticket.Id}/resolve", new { });
        await agent.Client.PostAsJsonAsync($"/api/tickets/{ticket.Id}/close", new { });

        var edit = await agent.Client.PutAsJsonAsync($"/api/tickets/{ticket.Id}", new { subject = "Otro asunto", priority = "low" });
        var comment = await agent.Client.PostAsJsonAsync($"/api/tickets/{ticket.Id}/comments", new { body = "¿Hola?" });
        var reopen = await agent.Client.PostAsJsonAsync($"/api/tickets/{ticket.Id}/reopen", new { });

        Assert.Equal(HttpStatusCode.Conflict, closeOpen.StatusCode);
        Assert.Equal($"El ticket {ticket.Id} está abierto y no puede pasar a cerrado. / Ticket {ticket.Id} is open and cannot become closed.", (await closeOpen.ProblemAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        Assert.Equal($"El ticket {ticket.Id} está cerrado y no se puede modificar. / Ticket {ticket.Id} is closed and cannot be edited.", (await edit.ProblemAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, comment.StatusCode);
        Assert.Equal($"El ticket {ticket.Id} está cerrado y no se puede comentar. / Ticket {ticket.Id} is closed and cannot be commented on.", (await comment.ProblemAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, reopen.StatusCode);
        Assert.Equal($"El ticket {ticket.Id} está cerrado y no puede pasar a abierto. / Ticket {ticket.Id} is closed and cannot become open.", (await reopen.ProblemAsync()).GetProperty("detail").GetString());
        var read = await (await agent.Client.GetAsync($"/api/tickets/{ticket.Id}")).ReadAsync<TicketResponse>();
        Assert.Equal(("closed", "Clases suspendidas", "normal"), (read.Status, read.Subject, read.Priority));
        Assert.Empty(read.Comments);
    }

    public static TheoryData<string, string, string, string> InvalidRequests => new()
    {
        { "POST", "", """{ "description": "Sin asunto" }""", "subject" },
        { "POST", "", """{ "subject": "   " }""", "subject" },
        { "POST", "", """{ "subject": "Asunto", "priority": "whenever" }""", "priority" },
        { "POST", "", """{ "subject": "Asunto", "customerId": 0 }""", "customerId" },
        { "POST", "", """{ "subject": "Asunto", "sourceConversationId": -1 }""", "sourceConversationId" },
        { "POST", "", """{ "subject": "Asunto", "assigneeUserId": " " }""", "assigneeUserId" },
        { "PUT", "", """{ "subject": "Asunto" }""", "priority" },
        { "POST", "/comments", """{ "body": "" }""", "body" },
        { "POST", "/reply", $$"""{ "note": "{{new string('x', 501)}}" }""", "note" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task An_invalid_ticket_request_is_a_400_problem_naming_the_field(string method, string action, string body, string field)
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var ticket = await OpenAsync(agent.Client);
        var path = method == "POST" && action == "" ? "/api/tickets" : $"/api/tickets/{ticket.Id}{action}";

        var response = await agent.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(body) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _), $"No error for {field}.");
        var list = await (await agent.Client.GetAsync("/api/tickets")).ReadAsync<Page<TicketSummary>>();
        Assert.Equal(("open", "Clases suspendidas"), (Assert.Single(list.Items).Status, list.Items[0].Subject));
    }

    [Fact]
    public async Task A_malformed_json_body_is_a_400_problem_on_every_route_that_takes_one()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var ticket = await OpenAsync(agent.Client);

        foreach (var (method, path, _) in Changes(ticket.Id).Prepend((HttpMethod.Post, "/api/tickets", new { })))
        {
            var response = await agent.Client.SendAsync(new HttpRequestMessage(method, path) { Content = Json("{") });

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path} answered {(int)response.StatusCode}.");
            await response.ProblemAsync();
        }
        Assert.Equal(ticket.Version, (await (await agent.Client.GetAsync($"/api/tickets/{ticket.Id}")).ReadAsync<TicketResponse>()).Version);
    }

    [Theory]
    [InlineData("status=bogus", "status")]
    [InlineData("priority=whenever", "priority")]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("page=21474838&pageSize=100", "page")]
    [InlineData("page=2147483647&pageSize=100", "page")]
    public async Task An_invalid_list_query_is_a_400_problem_naming_the_parameter(string query, string field)
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");

        var response = await agent.Client.GetAsync($"/api/tickets?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _), $"No error for {field}.");
    }

    [Fact]
    public async Task A_viewer_lists_and_reads_tickets_but_may_neither_open_nor_change_one()
    {
        var viewer = await HubApi.CreateTenantWithMemberAsync(hub, "viewer");
        using var owner = await HubApi.SignInWithCookieAsync(hub, tenantId: viewer.TenantId);
        var ticket = await OpenAsync(owner);

        var list = await (await viewer.Client.GetAsync("/api/tickets")).ReadAsync<Page<TicketSummary>>();
        var read = await (await viewer.Client.GetAsync($"/api/tickets/{ticket.Id}")).ReadAsync<TicketResponse>();
        var open = await viewer.Client.PostAsJsonAsync("/api/tickets", new { subject = "Otro" });

        Assert.Equal(ticket.Id, Assert.Single(list.Items).Id);
        Assert.Equal(ticket.Id, read.Id);
        Assert.Equal(HttpStatusCode.Forbidden, open.StatusCode);
        foreach (var (method, path, body) in Changes(ticket.Id))
        {
            var response = await viewer.Client.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} answered {(int)response.StatusCode}.");
        }
        Assert.Equal(1, (await (await viewer.Client.GetAsync("/api/tickets")).ReadAsync<Page<TicketSummary>>()).Total);
        Assert.Equal(ticket.Version, (await (await viewer.Client.GetAsync($"/api/tickets/{ticket.Id}")).ReadAsync<TicketResponse>()).Version);
    }

    [Fact]
    public async Task Without_a_token_every_ticket_route_is_401()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var ticket = await OpenAsync(agent.Client);
        using var anonymous = hub.CreateClient(new() { AllowAutoRedirect = false });

        var requests = Changes(ticket.Id)
            .Prepend((HttpMethod.Post, "/api/tickets", new { subject = "Otro" }))
            .Prepend((HttpMethod.Get, $"/api/tickets/{ticket.Id}", new { }))
            .Prepend((HttpMethod.Get, "/api/tickets", new { }));
        foreach (var (method, path, body) in requests)
        {
            using var request = new HttpRequestMessage(method, path);
            if (method != HttpMethod.Get)
            {
                request.Content = JsonContent.Create(body);
            }
            var response = await anonymous.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)response.StatusCode}.");
        }
    }

    [Fact]
    public async Task A_member_of_another_tenant_finds_none_of_this_tenants_tickets()
    {
        var here = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var elsewhere = await HubApi.CreateTenantWithMemberAsync(hub, "admin");
        var ticket = await OpenAsync(here.Client);

        var get = await elsewhere.Client.GetAsync($"/api/tickets/{ticket.Id}");
        var list = await (await elsewhere.Client.GetAsync("/api/tickets")).ReadAsync<Page<TicketSummary>>();

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        await get.ProblemAsync();
        Assert.Equal((0, 0), (list.Total, list.Items.Count));
        foreach (var (method, path, body) in Changes(ticket.Id))
        {
            var response = await elsewhere.Client.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path} answered {(int)response.StatusCode}.");
        }
        var unchanged = await (await here.Client.GetAsync($"/api/tickets/{ticket.Id}")).ReadAsync<TicketResponse>();
        Assert.Equal(("open", "Clases suspendidas", ticket.Version), (unchanged.Status, unchanged.Subject, unchanged.Version));
        Assert.Empty(unchanged.Comments);
    }

    [Fact]
    public async Task An_edit_or_move_made_with_a_stale_version_is_a_409_and_changes_nothing()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var ticket = await OpenAsync(agent.Client);

        var first = await (await agent.Client.PutAsJsonAsync($"/api/tickets/{ticket.Id}", new { subject = "Primero", priority = "high", version = ticket.Version })).ReadAsync<TicketResponse>();
        var staleEdit = await agent.Client.PutAsJsonAsync($"/api/tickets/{ticket.Id}", new { subject = "Segundo", priority = "low", version = ticket.Version });
        var staleReply = await agent.Client.PostAsJsonAsync($"/api/tickets/{ticket.Id}/reply", new { version = ticket.Version });

        Assert.NotEqual(ticket.Version, first.Version);
        Assert.Equal(HttpStatusCode.Conflict, staleEdit.StatusCode);
        Assert.Equal($"Otra persona cambió el ticket {ticket.Id} mientras tanto; recargalo y probá de nuevo. / Ticket {ticket.Id} was changed by someone else meanwhile; reload it and try again.", (await staleEdit.ProblemAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, staleReply.StatusCode);
        var read = await (await agent.Client.GetAsync($"/api/tickets/{ticket.Id}")).ReadAsync<TicketResponse>();
        Assert.Equal(("Primero", "high", "open", first.Version), (read.Subject, read.Priority, read.Status, read.Version));
    }

    [Fact]
    public async Task Comments_posted_at_once_are_each_kept_or_refused_with_a_409_never_lost()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var ticket = await OpenAsync(agent.Client);

        var responses = await Task.WhenAll(Enumerable.Range(1, 10).Select(n =>
            agent.Client.PostAsJsonAsync($"/api/tickets/{ticket.Id}/comments", new { body = $"Comentario {n}" })));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var kept = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.InRange(kept, 1, 10);
        var read = await (await agent.Client.GetAsync($"/api/tickets/{ticket.Id}")).ReadAsync<TicketResponse>();
        Assert.Equal(kept, read.Comments.Count);
    }

    private static async Task<TicketResponse> OpenAsync(HttpClient client)
        => await (await client.PostAsJsonAsync("/api/tickets", new { subject = "Clases suspendidas", description = "¿Hay clase el feriado?" })).ReadAsync<TicketResponse>();

    /// <summary>Every change a ticket takes, each with a body that would be valid on an open ticket.</summary>
    private static IEnumerable<(HttpMethod Method, string Path, object Body)> Changes(int id) =>
    [
        (HttpMethod.Put, $"/api/tickets/{id}", new { subject = "Otro asunto", priority = "low" }),
        (HttpMethod.Post, $"/api/tickets/{id}/comments", new { body = "Un comentario" }),
        (HttpMethod.Post, $"/api/tickets/{id}/reply", new { }),
        (HttpMethod.Post, $"/api/tickets/{id}/resolve", new { }),
        (HttpMethod.Post, $"/api/tickets/{id}/close", new { }),
        (HttpMethod.Post, $"/api/tickets/{id}/reopen", new { }),
    ];

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
