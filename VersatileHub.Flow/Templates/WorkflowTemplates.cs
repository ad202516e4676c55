using System.Text.Json.Nodes;
using VersatileHub.Flow.Nodes;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Templates;

/// <summary>Text in the suite's two languages.</summary>
public sealed record Bilingual(string Es, string En)
{
    public string In(string language) => language == "en" ? En : Es;
}

/// <summary>A tenant variable a template reads (<c>$vars.Name</c>), to be set before activating the workflow made from it.</summary>
public sealed record TemplateVariable(string Name, Bilingual Description);

/// <summary>A ready-made workflow: what it does in both languages, the variables it needs, and its definition.</summary>
public sealed record WorkflowTemplate(string Id, Bilingual Name, Bilingual Description, IReadOnlyList<TemplateVariable> Variables, Func<string, WorkflowDefinition> Definition);

/// <summary>
/// The templates the issue asks for, as real workflows over the suite's events: an appointment reminder by WhatsApp 24 h
/// before, a ticket when the bot hands a conversation off, and an alert when a message cannot be delivered. Messages to
/// people are written in the language asked for (<c>es</c> or <c>en</c>).
/// </summary>
public static class WorkflowTemplates
{
    public const string AppointmentReminder = "appointment-reminder-whatsapp";
    public const string HandoffTicket = "handoff-ticket";
    public const string FailedDeliveryAlert = "failed-delivery-alert";

    public static readonly IReadOnlyList<WorkflowTemplate> All =
    [
        new(
            AppointmentReminder,
            new("Recordatorio de turno 24 h antes por WhatsApp", "Appointment reminder 24 h before by WhatsApp"),
            new(
                "Cuando se reserva o se reprograma un turno con teléfono, espera hasta 24 horas antes y, si a esa hora el turno sigue reservado y no cambió, le manda al cliente un recordatorio por la bandeja de WhatsApp: uno por turno, a la hora nueva si se reprogramó. Un turno reservado con menos de 24 h de anticipación recibe el recordatorio enseguida.",
                "When an appointment with a phone number is booked or rescheduled, waits until 24 hours before it and, if it is still booked and unchanged at that time, sends the customer a reminder through the WhatsApp inbox: one per appointment, at the new time when it was rescheduled. An appointment booked less than 24 h ahead gets the reminder at once."),
            [new("whatsappInboxId", new("El id de la bandeja de WhatsApp de Chat que envía los recordatorios.", "The id of Chat's WhatsApp inbox that sends the reminders."))],
            ReminderDefinition),
        new(
            HandoffTicket,
            new("Ticket cuando el bot deriva", "Ticket when the bot hands off"),
            new(
                "Cuando el bot pide una persona en una conversación, abre un ticket de prioridad alta en el Hub para el cliente del contacto, con el motivo, y deja una nota privada en la conversación con su número.",
                "When the bot asks for a human in a conversation, opens a high-priority ticket in the Hub for the contact's customer, with the reason, and leaves a private note in the conversation with its number."),
            [],
            HandoffDefinition),
        new(
            FailedDeliveryAlert,
            new("Alerta por un mensaje no entregado", "Alert on a failed delivery"),
            new(
                "Cuando un mensaje saliente no se puede entregar, deja una nota privada en la conversación y avisa al responsable por la bandeja de alertas.",
                "When an outgoing message cannot be delivered, leaves a private note in the conversation and alerts the manager through the alerts inbox."),
            [
                new("alertInboxId", new("El id de la bandeja de Chat por la que se avisa al responsable.", "The id of Chat's inbox through which the manager is alerted.")),
                new("managerPhone", new("El teléfono del responsable en formato E.164, p. ej. +5491122334455.", "The manager's phone number in E.164, e.g. +5491122334455.")),
            ],
            AlertDefinition),
    ];

    public static WorkflowTemplate? Find(string id) => All.FirstOrDefault(t => t.Id == id);

    private static WorkflowDefinition ReminderDefinition(string language)
    {
        var es = language != "en";
        const string Booked = "Turno reservado";
        return Workflow(
            [
                // A rescheduled appointment (appointment.updated) is reminded at its new time; the run of its earlier
                // version finds the version changed and stops, so each appointment gets one reminder.
                Node(Booked, NodeTypes.Event, new JsonObject
                {
                    ["event"] = "appointment.*",
                    ["filter"] = "($event.type === 'appointment.created' || $event.type === 'appointment.updated') && $event.data.status === 'booked' && !!$event.data.customerPhone",
                }),
                Node("Esperar hasta 24 h antes", NodeTypes.Wait, new JsonObject
                {
                    ["resume"] = "specificTime",
                    ["dateTime"] = "{{ new Date(new Date($json.data.startUtc).getTime() - 24 * 60 * 60 * 1000).toISOString() }}",
                }),
                Node("Leer el turno", NodeTypes.HttpRequest, new JsonObject
                {
                    ["method"] = "GET",
                    ["url"] = "http://hub/api/appointments/{{ $json.data.id }}",
                }, retry: true),
                Node("¿Sigue reservado y sin cambios?", NodeTypes.If, new JsonObject
                {
                    ["conditions"] = Conditions(
                        ("{{ $json.status }}", "booked", "string", "equals"),
                        ("{{ $json.version }}", $"{{{{ $node[\"{Booked}\"].json.data.version }}}}", "number", "equals")),
                }),
                Node("Enviar recordatorio por WhatsApp", NodeTypes.SendChatMessage, new JsonObject
                {
                    ["inboxId"] = "{{ $vars.whatsappInboxId }}",
                    ["phoneNumber"] = "{{ $json.customerPhone }}",
                    ["contactName"] = "{{ $json.customerName || $json.customerPhone }}",
                    ["content"] = es
                        ? "Hola {{ $json.customerName || '' }}, te recordamos tu turno de {{ $json.serviceName }} el {{ $json.startLocal.substring(8, 10) }}/{{ $json.startLocal.substring(5, 7) }} a las {{ $json.startLocal.substring(11, 16) }}. Si no podés venir, respondé este mensaje."
                        : "Hi {{ $json.customerName || '' }}, this is a reminder of your {{ $json.serviceName }} appointment on {{ $json.startLocal.substring(0, 10) }} at {{ $json.startLocal.substring(11, 16) }}. If you cannot come, reply to this message.",
                }, retry: true),
            ],
            (Booked, "Esperar hasta 24 h antes", 0),
            ("Esperar hasta 24 h antes", "Leer el turno", 0),
            ("Leer el turno", "¿Sigue reservado y sin cambios?", 0),
            ("¿Sigue reservado y sin cambios?", "Enviar recordatorio por WhatsApp", 0));
    }

    private static WorkflowDefinition HandoffDefinition(string language)
    {
        var es = language != "en";
        const string HandedOff = "El bot derivó";
        var handoff = $"$node[\"{HandedOff}\"].json.data";
        return Workflow(
            [
                Node(HandedOff, NodeTypes.Event, new JsonObject
                {
                    ["event"] = "conversation.handoff",
                    ["filter"] = "$event.data.by === 'agent_bot'",
                }),
                // Chat links a contact with a phone to the Hub's customer; the ticket is that customer's.
                Node("Leer el contacto", NodeTypes.HttpRequest, new JsonObject
                {
                    ["method"] = "GET",
                    ["url"] = "http://chat/api/v1/accounts/{{ $json.tenant }}/contacts/{{ $json.data.conversation.contactId }}",
                }, retry: true),
                Node("Abrir ticket", NodeTypes.CreateTicket, new JsonObject
                {
                    ["subject"] = es
                        ? $"{{{{ 'Derivación del bot: ' + ({handoff}.reason || 'sin motivo') }}}}"
                        : $"{{{{ 'Bot handoff: ' + ({handoff}.reason || 'no reason given') }}}}",
                    ["description"] = es
                        ? $"El bot pidió una persona en la conversación {{{{ {handoff}.conversation.displayId }}}} ({{{{ {handoff}.conversation.channelType }}}}) con {{{{ $json.payload.name }}}}."
                        : $"The bot asked for a human in conversation {{{{ {handoff}.conversation.displayId }}}} ({{{{ {handoff}.conversation.channelType }}}}) with {{{{ $json.payload.name }}}}.",
                    ["priority"] = "high",
                    ["customerId"] = "{{ $json.payload.hub_customer_id }}",
                    ["sourceConversationId"] = $"{{{{ {handoff}.conversation.displayId }}}}",
                }, retry: true),
                Node("Nota en la conversación", NodeTypes.SendChatMessage, new JsonObject
                {
                    ["conversationId"] = $"{{{{ {handoff}.conversation.displayId }}}}",
                    ["private"] = true,
                    ["content"] = es ? "Se abrió el ticket #{{ $json.id }} por esta derivación." : "Ticket #{{ $json.id }} was opened for this handoff.",
                }, retry: true),
            ],
            (HandedOff, "Leer el contacto", 0),
            ("Leer el contacto", "Abrir ticket", 0),
            ("Abrir ticket", "Nota en la conversación", 0));
    }

    private static WorkflowDefinition AlertDefinition(string language)
    {
        var es = language != "en";
        const string Failed = "Mensaje no entregado";
        return Workflow(
            [
                Node(Failed, NodeTypes.Event, new JsonObject
                {
                    ["event"] = "message.updated",
                    ["filter"] = "$event.data.status === 'failed' && ($event.data.messageType === 'outgoing' || $event.data.messageType === 'template') && !$event.data.private",
                }),
                // The manager's own alerts are left out, so an alert that cannot be delivered does not raise another.
                Node("¿No es una alerta al responsable?", NodeTypes.If, new JsonObject
                {
                    ["conditions"] = Conditions(
                        ("{{ $json.data.inboxId + ':' + $json.data.contactSourceId }}", "{{ $vars.alertInboxId + ':' + String($vars.managerPhone).replace('+', '') }}", "string", "notEquals")),
                }),
                Node("Nota en la conversación", NodeTypes.SendChatMessage, new JsonObject
                {
                    ["conversationId"] = "{{ $json.data.conversationDisplayId }}",
                    ["private"] = true,
                    ["content"] = es
                        ? "Este mensaje no se pudo entregar: {{ $json.data.error || 'sin detalle' }}"
                        : "This message could not be delivered: {{ $json.data.error || 'no detail' }}",
                }, retry: true),
                Node("Avisar al responsable", NodeTypes.SendChatMessage, new JsonObject
                {
                    ["inboxId"] = "{{ $vars.alertInboxId }}",
                    ["phoneNumber"] = "{{ $vars.managerPhone }}",
                    ["contactName"] = es ? "Responsable" : "Manager",
                    ["content"] = es
                        ? $"Alerta: un mensaje de la conversación {{{{ $node[\"{Failed}\"].json.data.conversationDisplayId }}}} no se entregó ({{{{ $node[\"{Failed}\"].json.data.error || 'sin detalle' }}}}): «{{{{ $node[\"{Failed}\"].json.data.content || '' }}}}»"
                        : $"Alert: a message in conversation {{{{ $node[\"{Failed}\"].json.data.conversationDisplayId }}}} was not delivered ({{{{ $node[\"{Failed}\"].json.data.error || 'no detail' }}}}): “{{{{ $node[\"{Failed}\"].json.data.content || '' }}}}”",
                }, retry: true),
            ],
            (Failed, "¿No es una alerta al responsable?", 0),
            ("¿No es una alerta al responsable?", "Nota en la conversación", 0),
            ("Nota en la conversación", "Avisar al responsable", 0));
    }

    private static WorkflowNode Node(string name, string type, JsonObject parameters, bool retry = false) =>
        new() { Id = Guid.NewGuid().ToString(), Name = name, Type = type, Parameters = parameters, RetryOnFail = retry, MaxTries = 3, WaitBetweenTries = 5000 };

    /// <summary>n8n's If v2 filter: every condition must hold.</summary>
    private static JsonObject Conditions(params (string Left, string Right, string Type, string Operation)[] conditions) => new()
    {
        ["conditions"] = new JsonArray([.. conditions.Select(c => (JsonNode)new JsonObject
        {
            ["leftValue"] = c.Left,
            ["rightValue"] = c.Right,
            ["operator"] = new JsonObject { ["type"] = c.Type, ["operation"] = c.Operation },
        })]),
        ["combinator"] = "and",
    };

    private static WorkflowDefinition Workflow(IReadOnlyList<WorkflowNode> nodes, params (string From, string To, int Output)[] edges) => new()
    {
        Nodes = nodes,
        Connections = edges.GroupBy(e => e.From).ToDictionary(
            g => g.Key,
            g => new NodeConnections
            {
                Main = [.. Enumerable.Range(0, g.Max(e => e.Output) + 1)
                    .Select(output => (IReadOnlyList<NodeConnection>)[.. g.Where(e => e.Output == output).Select(e => new NodeConnection(e.To))])],
            }),
    };
}
