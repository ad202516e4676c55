using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Flow.Execution;
using VersatileHub.Flow.Templates;
using VersatileHub.Tests.Agent;
using VersatileHub.Tests.Hub.Appointments;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.Flow.Templates;

/// <summary>
/// Each template made into a workflow through Flow's API, activated, and set off as in production: by the Hub's and Chat's
/// own events through the event bus, the clock moved for the reminder. What it does is read back from the Hub and Chat.
/// </summary>
public sealed class TemplateRunTests(TemplateWorld world) : IClassFixture<TemplateWorld>
{
    private const int Outgoing = 1;

    [Fact]
    public async Task The_reminder_reaches_the_customers_whatsapp_conversation_24_hours_before_the_appointment_the_agent_booked_and_only_once()
    {
        var workflow = await world.WorkflowAsync(WorkflowTemplates.AppointmentReminder);
        var conversation = await world.CustomerWritesAsync(Salon.CustomerPhone, Salon.CustomerName, "Hola, ¿tienen turno para mañana?");
        var start = world.TomorrowInHours(1);

        var appointment = await BookAsTheAgentDoesAsync(start);
        var waiting = await RunsOfAsync(workflow, appointment, runs => runs.Count == 1 && runs[0].Status == RunStatus.Waiting);
        var reminder = Reminder(start);
        Assert.DoesNotContain(await world.MessagesAsync(conversation), m => m.GetProperty("content").GetString() == reminder);

        await world.MoveClockToAsync(start.AddDays(-1).AddMinutes(1));

        var sent = await world.EventuallyAsync(() => world.MessagesAsync(conversation), ms => ms.Any(m => m.GetProperty("content").GetString() == reminder));
        var message = sent.Single(m => m.GetProperty("content").GetString() == reminder);
        Assert.Equal(Outgoing, message.GetProperty("message_type").GetInt32());
        Assert.False(message.GetProperty("private").GetBoolean());
        Assert.Contains(await world.ConversationsAsync(world.WhatsAppInbox), c => c.GetProperty("id").GetInt32() == conversation);
        await RunsOfAsync(workflow, appointment, runs => runs.Count == 1 && runs[0].Status == RunStatus.Succeeded);

        // The event delivered again and the clock moving on fire nothing more.
        await world.RedeliverAsync("hub", "appointment.created", data => data.GetProperty("id").GetInt32() == appointment);
        await world.MoveClockToAsync(world.Clock.GetUtcNow().AddHours(1));
        var runs = await RunsOfAsync(workflow, appointment, runs => runs.All(r => r.Status is RunStatus.Succeeded or RunStatus.Failed));
        Assert.Equal(waiting[0].Id, Assert.Single(runs).Id);
        Assert.Single(await world.MessagesAsync(conversation), m => m.GetProperty("content").GetString() == reminder);
    }

    [Fact]
    public async Task A_rescheduled_appointment_is_reminded_once_at_its_new_time_and_not_at_the_old_one()
    {
        var workflow = await world.WorkflowAsync(WorkflowTemplates.AppointmentReminder);
        var conversation = await world.CustomerWritesAsync(Salon.CustomerPhone, Salon.CustomerName, "Necesito cambiar el horario");
        var first = world.TomorrowInHours(2);
        var moved = world.TomorrowInHours(4);
        var appointment = await BookAsTheAgentDoesAsync(first);
        await RunsOfAsync(workflow, appointment, runs => runs.Count == 1 && runs[0].Status == RunStatus.Waiting);

        var rescheduled = await world.HubA.PostAsJsonAsync($"/api/appointments/{appointment}/reschedule", new { start = moved.ToString("O", CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.OK, rescheduled.StatusCode);
        await RunsOfAsync(workflow, appointment, runs => runs.Count == 2 && runs.All(r => r.Status == RunStatus.Waiting));

        await world.MoveClockToAsync(first.AddDays(-1).AddMinutes(1));
        await RunsOfAsync(workflow, appointment, runs => runs.Count(r => r.Status == RunStatus.Succeeded) == 1);
        await world.MoveClockToAsync(moved.AddDays(-1).AddMinutes(1));
        await RunsOfAsync(workflow, appointment, runs => runs.Count(r => r.Status == RunStatus.Succeeded) == 2);

        var messages = await world.MessagesAsync(conversation);
        Assert.Single(messages, m => m.GetProperty("content").GetString() == Reminder(moved));
        Assert.DoesNotContain(messages, m => m.GetProperty("content").GetString() == Reminder(first));
    }

    [Fact]
    public async Task A_bot_handoff_opens_one_high_priority_ticket_for_the_contacts_customer_and_notes_it_in_the_conversation()
    {
        var workflow = await world.WorkflowAsync(WorkflowTemplates.HandoffTicket);
        const string Phone = "+5491133334444";
        var conversation = await world.CustomerWritesAsync(Phone, "Bruno Díaz", "Quiero hablar con una persona");
        var customer = (await world.LinkedContactAsync(Phone)).GetProperty("hub_customer_id").GetInt32();

        using var bot = world.Bot();
        var handoff = await bot.PostAsJsonAsync($"/api/v1/accounts/{world.TenantA}/conversations/{conversation}/handoff", new { reason = "Pide hablar con una persona" });
        Assert.Equal(HttpStatusCode.OK, handoff.StatusCode);

        var ticket = (await world.EventuallyAsync(() => TicketsOfAsync(conversation), tickets => tickets.Count > 0)).Single();
        Assert.Equal(customer, ticket.GetProperty("customerId").GetInt32());
        Assert.Equal("high", ticket.GetProperty("priority").GetString());
        Assert.Equal("Derivación del bot: Pide hablar con una persona", ticket.GetProperty("subject").GetString());
        var note = $"Se abrió el ticket #{ticket.GetProperty("id").GetInt32()} por esta derivación.";
        var messages = await world.EventuallyAsync(() => world.MessagesAsync(conversation), ms => ms.Any(m => m.GetProperty("content").GetString() == note));
        Assert.True(messages.Single(m => m.GetProperty("content").GetString() == note).GetProperty("private").GetBoolean());

        await world.RedeliverAsync("chat", "conversation.handoff", data => data.GetProperty("conversation").GetProperty("displayId").GetInt32() == conversation);
        await SettledAsync(workflow);
        Assert.Single(await TicketsOfAsync(conversation));
        Assert.Single(await world.MessagesAsync(conversation), m => m.GetProperty("content").GetString() == note);
    }

    [Fact]
    public async Task A_failed_delivery_reported_by_the_gateway_leaves_one_note_in_the_conversation_and_alerts_the_manager_once()
    {
        var workflow = await world.WorkflowAsync(WorkflowTemplates.FailedDeliveryAlert);
        var conversation = await world.CustomerWritesAsync("+5491144445555", "Carla Gómez", "¿Llegó mi pedido?");
        using var bot = world.Bot();
        var reply = await bot.PostAsJsonAsync($"/api/v1/accounts/{world.TenantA}/conversations/{conversation}/messages", new { content = "Tu pedido sale mañana", message_type = "outgoing" });
        var messageId = (await reply.ReadAsync<JsonElement>()).GetProperty("id").GetInt64();
        const string Error = "131047: Re-engagement message";

        using var gateway = world.Gateway();
        var report = new { status = "failed", error = Error, message_id = messageId };
        var reported = await gateway.PostAsJsonAsync($"/api/channel/inboxes/{world.WhatsAppInbox}/messages/wamid.failed{messageId}/status", report);
        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);

        var note = $"Este mensaje no se pudo entregar: {Error}";
        var alert = $"Alerta: un mensaje de la conversación {conversation} no se entregó ({Error}): «Tu pedido sale mañana»";
        var noted = await world.EventuallyAsync(() => world.MessagesAsync(conversation), ms => ms.Any(m => m.GetProperty("content").GetString() == note));
        Assert.True(noted.Single(m => m.GetProperty("content").GetString() == note).GetProperty("private").GetBoolean());
        var withManager = (await world.EventuallyAsync(() => world.ConversationsAsync(world.AlertInbox), cs => cs.Count > 0)).Single();
        Assert.Equal(TemplateWorld.ManagerPhone, withManager.GetProperty("meta").GetProperty("sender").GetProperty("phone_number").GetString());
        var managerConversation = withManager.GetProperty("id").GetInt32();
        var alerted = await world.EventuallyAsync(() => world.MessagesAsync(managerConversation), ms => ms.Any(m => m.GetProperty("content").GetString() == alert));
        Assert.Equal(Outgoing, alerted.Single(m => m.GetProperty("content").GetString() == alert).GetProperty("message_type").GetInt32());

        // The provider reports the same failure again and the bus delivers the event again: still one note, one alert.
        Assert.Equal(HttpStatusCode.OK, (await gateway.PostAsJsonAsync($"/api/channel/inboxes/{world.WhatsAppInbox}/messages/wamid.failed{messageId}/status", report)).StatusCode);
        await world.RedeliverAsync("chat", "message.updated", data => data.GetProperty("id").GetInt64() == messageId);
        await SettledAsync(workflow);
        Assert.Single(await world.MessagesAsync(conversation), m => m.GetProperty("content").GetString() == note);
        Assert.Single(await world.MessagesAsync(managerConversation), m => m.GetProperty("content").GetString() == alert);
        Assert.Single(await world.RunsAsync(workflow));
    }

    /// <summary>The Spanish reminder the template writes for an appointment of the salon's service at <paramref name="start"/> (Buenos Aires).</summary>
    private static string Reminder(DateTimeOffset start) => string.Create(CultureInfo.InvariantCulture,
        $"Hola {Salon.CustomerName}, te recordamos tu turno de Corte el {start:dd}/{start:MM} a las {start:HH:mm}. Si no podés venir, respondé este mensaje.");

    /// <summary>Books the salon's service for Ana Pérez by her customer id alone, as the agent's booking tool does; the appointment's id.</summary>
    private async Task<int> BookAsTheAgentDoesAsync(DateTimeOffset start)
    {
        var booked = await world.HubA.PostAsJsonAsync("/api/appointments", new
        {
            serviceId = world.Salon.ServiceId,
            start = start.ToString("O", CultureInfo.InvariantCulture),
            customerId = world.Salon.CustomerId,
        });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        return (await booked.ReadAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    /// <summary>The workflow's runs for the appointment (by their trigger event), oldest first, once <paramref name="done"/> holds.</summary>
    private Task<List<Run>> RunsOfAsync(Guid workflow, int appointment, Func<List<Run>, bool> done) =>
        world.EventuallyAsync(
            async () => (await world.InFlowAsync(db => db.Set<Run>().AsNoTracking().Where(r => r.WorkflowId == workflow).OrderBy(r => r.QueuedAt).ToListAsync()))
                .Where(r => r.TriggerItems[0]?["data"]?["id"]?.GetValue<int>() == appointment).ToList(),
            done);

    /// <summary>Waits until none of the workflow's runs is queued, executing or waiting.</summary>
    private Task SettledAsync(Guid workflow) =>
        world.EventuallyAsync(
            () => world.InFlowAsync(db => db.Set<Run>().AsNoTracking().CountAsync(r => r.WorkflowId == workflow
                && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running || r.Status == RunStatus.Waiting))),
            unfinished => unfinished == 0);

    private async Task<IReadOnlyList<JsonElement>> TicketsOfAsync(int conversation) =>
        [.. (await world.HubA.GetFromJsonAsync<JsonElement>($"/api/tickets?sourceConversationId={conversation}")).GetProperty("items").EnumerateArray()];
}
