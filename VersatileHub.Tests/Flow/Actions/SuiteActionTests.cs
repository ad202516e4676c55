using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using VersatileHub.Flow.Nodes;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.Tests.Agent;
using VersatileHub.Tests.Hub.Appointments;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;
using static VersatileHub.Tests.Fakes.OpenAi.FakeOpenAi;

namespace VersatileHub.Tests.Flow.Actions;

/// <summary>The nodes that act on the suite, against the real Hub, Chat and Agent: each acts once however often it executes.</summary>
public sealed class SuiteActionTests(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task Send_chat_message_posts_into_a_conversation_once_however_often_the_node_executes()
    {
        var conversation = await world.ConversationAsync();
        var parameters = new { conversationId = conversation, content = "Tu pedido salió hoy." };

        var first = await world.ExecuteAsync(NodeTypes.SendChatMessage, parameters, "run-1:Notify");
        var again = await world.ExecuteAsync(NodeTypes.SendChatMessage, parameters, "run-1:Notify");

        var sent = (await world.MessagesAsync(conversation)).Where(m => m.GetProperty("content").GetString() == "Tu pedido salió hoy.").ToList();
        var message = Assert.Single(sent);
        Assert.Equal(1, message.GetProperty("message_type").GetInt32());
        Assert.Equal(message.GetProperty("id").GetInt64(), first.Single()["messageId"]!.GetValue<long>());
        Assert.Equal(first.Single()["messageId"]!.GetValue<long>(), again.Single()["messageId"]!.GetValue<long>());
        Assert.Equal(conversation, first.Single()["conversationId"]!.GetValue<int>());
    }

    [Fact]
    public async Task Send_chat_message_to_a_phone_through_an_inbox_makes_the_contact_and_conversation_once()
    {
        var parameters = new { inboxId = world.Inbox, phoneNumber = "+5491155550101", contactName = "Marta Gómez", content = "Te recordamos tu turno de mañana." };

        var first = (await world.ExecuteAsync(NodeTypes.SendChatMessage, parameters, "run-2:Remind")).Single();
        var again = (await world.ExecuteAsync(NodeTypes.SendChatMessage, parameters, "run-2:Remind")).Single();
        var later = (await world.ExecuteAsync(NodeTypes.SendChatMessage, parameters with { }, "run-3:Remind")).Single();

        var conversation = first["conversationId"]!.GetValue<int>();
        Assert.Equal(conversation, again["conversationId"]!.GetValue<int>());
        Assert.Equal(conversation, later["conversationId"]!.GetValue<int>());
        Assert.Equal(2, (await world.MessagesAsync(conversation)).Count(m => m.GetProperty("content").GetString() == "Te recordamos tu turno de mañana."));
        var contacts = await world.ChatA.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{world.TenantA}/contacts/search?q=%2B5491155550101");
        var contact = Assert.Single(contacts.GetProperty("payload").EnumerateArray());
        Assert.Equal("Marta Gómez", contact.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Send_chat_message_fails_with_chats_reason_for_a_conversation_that_does_not_exist()
    {
        var failure = await Assert.ThrowsAsync<NodeFailedException>(() =>
            world.ExecuteAsync(NodeTypes.SendChatMessage, new { conversationId = 987654, content = "Hola" }, "run-x:Send"));

        Assert.Contains("answered 404", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ticket_executed_twice_opens_one_ticket_in_the_hub()
    {
        var conversation = await world.ConversationAsync();
        var parameters = new { subject = "La persona pidió hablar con alguien", description = "Derivada por el bot", priority = "high", sourceConversationId = conversation };

        var first = (await world.ExecuteAsync(NodeTypes.CreateTicket, parameters, "run-4:Ticket")).Single();
        var again = (await world.ExecuteAsync(NodeTypes.CreateTicket, parameters, "run-4:Ticket")).Single();

        Assert.Equal(first["id"]!.GetValue<int>(), again["id"]!.GetValue<int>());
        var tickets = await world.Admin.Client.GetFromJsonAsync<JsonElement>($"/api/tickets?sourceConversationId={conversation}");
        var ticket = Assert.Single(tickets.GetProperty("items").EnumerateArray());
        Assert.Equal("high", ticket.GetProperty("priority").GetString());
        Assert.Equal("open", first["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_ticket_takes_ids_as_an_expression_gives_them_a_whole_number_held_as_a_long()
    {
        var customerId = await HubApi.CreateCustomerAsync(world.Admin.Client, "Bruno Díaz");
        // What an expression such as {{ $json.payload.hub_customer_id }} evaluates to: Jint's whole numbers come as longs.
        var parameters = new JsonObject { ["subject"] = "Derivación", ["customerId"] = JsonValue.Create((long)customerId), ["sourceConversationId"] = JsonValue.Create(12.0) };

        var ticket = (await world.ExecuteAsync(NodeTypes.CreateTicket, parameters, "run-7:Ticket")).Single();

        Assert.Equal(customerId, ticket["customerId"]!.GetValue<int>());
        Assert.Equal(12, ticket["sourceConversationId"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_hub_answers_a_repeated_idempotency_key_with_the_ticket_it_opened_and_refuses_a_blank_one()
    {
        using var first = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = JsonContent.Create(new { subject = "Primera" }) };
        first.Headers.Add("Idempotency-Key", "hub-key-1");
        using var again = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = JsonContent.Create(new { subject = "Primera" }) };
        again.Headers.Add("Idempotency-Key", "hub-key-1");
        using var blank = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = JsonContent.Create(new { subject = "Otra" }) };
        blank.Headers.Add("Idempotency-Key", " ");

        var opened = await (await world.Admin.Client.SendAsync(first)).ReadAsync<JsonElement>();
        var repeated = await world.Admin.Client.SendAsync(again);
        var refused = await world.Admin.Client.SendAsync(blank);

        Assert.Equal(HttpStatusCode.Created, repeated.StatusCode);
        Assert.Equal(opened.GetProperty("id").GetInt32(), (await repeated.ReadAsync<JsonElement>()).GetProperty("id").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.ProblemAsync()).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task Book_appointment_executed_twice_books_one_appointment()
    {
        var salon = await world.Hub.SalonAsync(world.TenantA, resources: 2);
        var parameters = new { serviceId = salon.ServiceId, customerId = salon.CustomerId, start = Salon.At(10).ToString("O"), customerName = Salon.CustomerName };

        var first = (await world.ExecuteAsync(NodeTypes.BookAppointment, parameters, "run-5:Book")).Single();
        var again = (await world.ExecuteAsync(NodeTypes.BookAppointment, parameters, "run-5:Book")).Single();

        Assert.Equal(first["id"]!.GetValue<int>(), again["id"]!.GetValue<int>());
        var day = await world.Admin.Client.GetFromJsonAsync<JsonElement>($"/api/appointments?from={Salon.Day:yyyy-MM-dd}");
        Assert.Single(day.EnumerateArray(), a => a.GetProperty("customerId").GetInt32() == salon.CustomerId);
        Assert.Equal("booked", first["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_order_status_moves_the_order_and_a_repeat_changes_nothing()
    {
        var customerId = await HubApi.CreateCustomerAsync(world.Admin.Client);
        var placed = await (await world.Admin.Client.PostAsJsonAsync("/api/orders", new
        {
            customerId,
            currency = "ars",
            lines = new[] { new { sku = "PUNTA-37", description = "Zapatillas de punta", quantity = 1, unitPrice = 10m } },
        })).ReadAsync<JsonElement>();
        var id = placed.GetProperty("id").GetInt32();

        var paid = (await world.ExecuteAsync(NodeTypes.UpdateOrderStatus, new { orderId = id, status = "paid", note = "Pago confirmado" }, "run-6:Pay")).Single();
        var again = (await world.ExecuteAsync(NodeTypes.UpdateOrderStatus, new { orderId = id, status = "paid", note = "Pago confirmado" }, "run-6:Pay")).Single();
        var shipped = (await world.ExecuteAsync(NodeTypes.UpdateOrderStatus,
            new { orderNumber = placed.GetProperty("number").GetString(), customerId, status = "shipped", trackingCode = "AR-1" }, "run-6:Ship")).Single();

        Assert.Equal("paid", paid["status"]!.GetValue<string>());
        Assert.Equal(paid["version"]!.GetValue<uint>(), again["version"]!.GetValue<uint>());
        Assert.Equal("shipped", shipped["status"]!.GetValue<string>());
        Assert.Equal("AR-1", shipped["trackingCode"]!.GetValue<string>());
        var order = await world.Admin.Client.GetFromJsonAsync<JsonElement>($"/api/orders/{id}");
        Assert.Equal(["pending", "paid", "shipped"], order.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("to").GetString()));
    }

    [Fact]
    public async Task Update_order_status_fails_naming_the_order_the_hub_does_not_have()
    {
        var failure = await Assert.ThrowsAsync<NodeFailedException>(() =>
            world.ExecuteAsync(NodeTypes.UpdateOrderStatus, new { orderId = 999999, status = "delivered" }, "run-7:Deliver"));

        Assert.Contains("/api/orders/999999", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_agent_answers_with_the_reply_text_from_the_tenants_profile()
    {
        (await AgentWorld.With(world.Agent.CreateClient(), world.Admin).PostAsJsonAsync("/api/agent/profiles", new
        {
            role = "primary", name = "Principal", endpoint = world.Llm.Endpoint, model = ActionWorld.Model, apiKey = "sk-test", language = "es",
        })).EnsureSuccessStatusCode();
        world.Llm.Script(ActionWorld.Model, Answer.Say("Sí, quedan turnos el lunes."));

        var answer = (await world.ExecuteAsync(NodeTypes.AskAgent, new { prompt = "¿Hay turnos el lunes?" }, "run-8:Ask")).Single();

        Assert.Equal("Sí, quedan turnos el lunes.", answer["text"]!.GetValue<string>());
        Assert.Equal(ActionWorld.Model, answer["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Emit_event_executed_twice_publishes_one_event_id_on_flows_stream()
    {
        var first = (await world.ExecuteAsync(NodeTypes.EmitEvent, new { eventType = "lead.qualified", subject = "lead-9", data = new { score = 87 } }, "run-9:Emit")).Single();
        var again = (await world.ExecuteAsync(NodeTypes.EmitEvent, new { eventType = "lead.qualified", subject = "lead-9", data = new { score = 87 } }, "run-9:Emit")).Single();

        Assert.Equal(first["eventId"]!.GetValue<string>(), again["eventId"]!.GetValue<string>());
        var published = await Eventually.ThatAsync(
            async () => (await world.Flow.Redis.Database.StreamRangeAsync(world.EventPrefix + "events:flow"))
                .Select(e => IntegrationEvent.FromJson((string)e["event"]!)).Where(e => e.Type == "lead.qualified").ToList(),
            events => events.Count > 0);
        Assert.All(published, e => Assert.Equal(Guid.Parse(first["eventId"]!.GetValue<string>()), e.Id));
        var @event = published[0];
        Assert.Equal((world.TenantA, "flow", "lead-9", 87), (@event.Tenant, @event.Source, @event.Subject, @event.Data.GetProperty("score").GetInt32()));
    }

    [Fact]
    public void Saved_definitions_name_the_missing_or_wrong_field_of_each_action()
    {
        Assert.Contains(world.Validate(NodeTypes.SendChatMessage, new { content = "Hola" }), e => e.Field == "parameters.conversationId");
        Assert.Contains(world.Validate(NodeTypes.SendChatMessage, new { inboxId = 1 }), e => e.Field == "parameters.contactId");
        Assert.Contains(world.Validate(NodeTypes.CreateTicket, new { priority = "whenever" }), e => e.Field == "parameters.subject");
        Assert.Contains(world.Validate(NodeTypes.CreateTicket, new { subject = "x", priority = "whenever" }), e => e.Field == "parameters.priority");
        Assert.Contains(world.Validate(NodeTypes.BookAppointment, new { serviceId = 1 }), e => e.Field == "parameters.start");
        Assert.Contains(world.Validate(NodeTypes.UpdateOrderStatus, new { status = "shipped", orderId = 1 }), e => e.Field == "parameters.trackingCode");
        Assert.Contains(world.Validate(NodeTypes.UpdateOrderStatus, new { status = "lost" }), e => e.Field == "parameters.orderId");
        Assert.Contains(world.Validate(NodeTypes.UpdateOrderStatus, new { status = "paid", orderNumber = "1001" }), e => e.Field == "parameters.customerId");
        Assert.Contains(world.Validate(NodeTypes.AskAgent, new { }), e => e.Field == "parameters.prompt");
        Assert.Contains(world.Validate(NodeTypes.EmitEvent, new { eventType = "Lead Qualified" }), e => e.Field == "parameters.eventType");
        Assert.Empty(world.Validate(NodeTypes.SendChatMessage, new { conversationId = "{{ $json.data.conversation_id }}", content = "Hola" }));
    }
}
