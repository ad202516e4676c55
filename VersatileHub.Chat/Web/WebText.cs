using System.Globalization;
using VersatileHub.ServiceDefaults.Web;

namespace VersatileHub.Chat.Web;

/// <summary>Every word of the staff's inbox, in Spanish and English: one place for the strings.</summary>
internal sealed record WebText
{
    public required string Lang { get; init; }
    public required string OtherLang { get; init; }
    public required string OtherLanguage { get; init; }
    public required string Inbox { get; init; }
    public required string Loading { get; init; }
    public required string NotAllowed { get; init; }
    public required string NotFound { get; init; }
    public required string Mine { get; init; }
    public required string Unassigned { get; init; }
    public required string All { get; init; }
    public required string Status { get; init; }
    public required string AllInboxes { get; init; }
    public required string Label { get; init; }
    public required string Search { get; init; }
    public required string NoConversations { get; init; }
    public required string ChooseConversation { get; init; }
    public required string Bot { get; init; }
    public required string Human { get; init; }
    public required string Nobody { get; init; }
    public required string Reply { get; init; }
    public required string PrivateNote { get; init; }
    public required string Send { get; init; }
    public required string AssignToMe { get; init; }
    public required string Unassign { get; init; }
    public required string Resolve { get; init; }
    public required string Reopen { get; init; }
    public required string Snooze { get; init; }
    public required string TakeOver { get; init; }
    public required string ReturnToBot { get; init; }
    public required string TakenOverUntil { get; init; }
    public required string AssignedTo { get; init; }
    public required string Contact { get; init; }
    public required string Phone { get; init; }
    public required string Attachment { get; init; }
    public required string Back { get; init; }
    public required string Orders { get; init; }
    public required string NoOrders { get; init; }
    public required string Appointments { get; init; }
    public required string NoAppointments { get; init; }
    public required string HubUnavailable { get; init; }
    public required string NotACustomer { get; init; }
    public required string RememberedFacts { get; init; }
    public required string NoFacts { get; init; }
    public required string AgentUnavailable { get; init; }
    public required string HowToTurnOn { get; init; }
    public required string CannedResponses { get; init; }
    public required string AssignTo { get; init; }
    public required string You { get; init; }
    public required string Online { get; init; }
    public required string EarlierMessages { get; init; }
    public required string Sound { get; init; }
    public required string Simulator { get; init; }
    public required string SimulatorHint { get; init; }
    public required string SimulatorInbox { get; init; }
    public required string SimulatorSourceId { get; init; }
    public required string SimulatorName { get; init; }
    public required string SimulatorWrite { get; init; }
    public required string SimulatorNoInbox { get; init; }
    public required IReadOnlyDictionary<string, string> Statuses { get; init; }

    public static readonly WebText Spanish = new()
    {
        Lang = "es", OtherLang = "en", OtherLanguage = "English",
        Inbox = "Bandeja", Loading = "Cargando…", NotAllowed = "Tu rol no permite ver esto.", NotFound = "No existe esa conversación.",
        Mine = "Mías", Unassigned = "Sin asignar", All = "Todas", Status = "Estado", AllInboxes = "Todas las bandejas",
        Label = "Etiqueta", Search = "Buscar en los mensajes", NoConversations = "No hay conversaciones.",
        ChooseConversation = "Elegí una conversación.", Bot = "bot", Human = "humano", Nobody = "nadie",
        Reply = "Escribí una respuesta (/atajo para respuestas guardadas)", PrivateNote = "Nota privada", Send = "Enviar",
        AssignToMe = "Asignarme", Unassign = "Desasignar", Resolve = "Resolver", Reopen = "Reabrir", Snooze = "Posponer",
        TakeOver = "Tomar la conversación", ReturnToBot = "Devolver al bot", TakenOverUntil = "Una persona la atiende hasta",
        AssignedTo = "Asignada a", Contact = "Contacto", Phone = "Teléfono", Attachment = "Adjunto", Back = "Volver",
        Orders = "Pedidos", NoOrders = "Sin pedidos.", Appointments = "Próximos turnos", NoAppointments = "Sin turnos próximos.",
        HubUnavailable = "No se pudieron leer los pedidos y turnos ahora.", NotACustomer = "Todavía no está vinculado a un cliente.",
        RememberedFacts = "Lo que recuerda el bot", NoFacts = "El bot todavía no recordó nada de este contacto.",
        AgentUnavailable = "No se pudo leer ahora lo que recuerda el bot.", HowToTurnOn = "Cómo encenderlo:",
        CannedResponses = "Respuestas guardadas", AssignTo = "Asignar a", You = "vos", Online = "en línea",
        EarlierMessages = "Mensajes anteriores", Sound = "Sonido",
        Simulator = "Simulador de clientes",
        SimulatorHint = "Solo en desarrollo: escribí como un cliente; el mensaje entra como si llegara por el canal y acá ves las respuestas del bot y del equipo.",
        SimulatorInbox = "Bandeja", SimulatorSourceId = "Teléfono o id del contacto", SimulatorName = "Nombre del cliente",
        SimulatorWrite = "Escribí como el cliente", SimulatorNoInbox = "La cuenta no tiene bandejas de API ni de WhatsApp; creá una primero.",
        Statuses = new Dictionary<string, string> { ["open"] = "Abierta", ["pending"] = "Pendiente", ["resolved"] = "Resuelta", ["snoozed"] = "Pospuesta" },
    };

    public static readonly WebText English = new()
    {
        Lang = "en", OtherLang = "es", OtherLanguage = "Español",
        Inbox = "Inbox", Loading = "Loading…", NotAllowed = "Your role does not allow seeing this.", NotFound = "No such conversation.",
        Mine = "Mine", Unassigned = "Unassigned", All = "All", Status = "Status", AllInboxes = "All inboxes",
        Label = "Label", Search = "Search messages", NoConversations = "No conversations.",
        ChooseConversation = "Choose a conversation.", Bot = "bot", Human = "human", Nobody = "nobody",
        Reply = "Write a reply (/shortcut for canned responses)", PrivateNote = "Private note", Send = "Send",
        AssignToMe = "Assign to me", Unassign = "Unassign", Resolve = "Resolve", Reopen = "Reopen", Snooze = "Snooze",
        TakeOver = "Take over", ReturnToBot = "Return to bot", TakenOverUntil = "A human has it until",
        AssignedTo = "Assigned to", Contact = "Contact", Phone = "Phone", Attachment = "Attachment", Back = "Back",
        Orders = "Orders", NoOrders = "No orders.", Appointments = "Upcoming appointments", NoAppointments = "No upcoming appointments.",
        HubUnavailable = "Orders and appointments could not be read right now.", NotACustomer = "Not linked to a customer yet.",
        RememberedFacts = "What the bot remembers", NoFacts = "The bot has not remembered anything about this contact yet.",
        AgentUnavailable = "What the bot remembers could not be read right now.", HowToTurnOn = "How to turn it on:",
        CannedResponses = "Canned responses", AssignTo = "Assign to", You = "you", Online = "online",
        EarlierMessages = "Earlier messages", Sound = "Sound",
        Simulator = "Customer simulator",
        SimulatorHint = "Development only: write as a customer; the message comes in as if it arrived through the channel, and the bot's and the team's replies show up here.",
        SimulatorInbox = "Inbox", SimulatorSourceId = "Phone or contact id", SimulatorName = "Customer's name",
        SimulatorWrite = "Write as the customer", SimulatorNoInbox = "The account has no API or WhatsApp inbox; create one first.",
        Statuses = new Dictionary<string, string> { ["open"] = "Open", ["pending"] = "Pending", ["resolved"] = "Resolved", ["snoozed"] = "Snoozed" },
    };

    /// <summary>The language of the request (<see cref="UiLanguage.Of"/>).</summary>
    public static WebText For(HttpRequest request) => ByCode(UiLanguage.Of(request))!;

    public static WebText? ByCode(string? code) => UiLanguage.Parse(code) switch
    {
        UiLanguage.English => English,
        UiLanguage.Spanish => Spanish,
        _ => null,
    };

    /// <summary>This language's half of a domain message written "español / English".</summary>
    public string Of(string bilingual) => UiLanguage.Pick(bilingual, Lang);

    /// <summary>
    /// Like <see cref="Of"/> for a message that is one "español / English" pair; one that joins several pairs is shown
    /// whole, since where one pair ends and the next begins cannot be told.
    /// </summary>
    public string OfOnePair(string bilingual) => bilingual.Split(" / ").Length == 2 ? Of(bilingual) : bilingual;

    public string StatusName(string status) => Statuses.TryGetValue(status, out var name) ? name : status;

    public string Money(decimal amount, string currency) =>
        $"{amount.ToString("N2", CultureInfo.GetCultureInfo(Lang == "en" ? "en-US" : "es-AR"))} {currency.ToUpperInvariant()}";

    /// <summary>An instant as the tenant's clock shows it (the offset it carries), not the server's.</summary>
    public string ZoneTime(DateTimeOffset local) => local.ToString("g", CultureInfo.GetCultureInfo(Lang == "en" ? "en-US" : "es-AR"));

    public string Time(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToLocalTime().ToString("g", CultureInfo.GetCultureInfo(Lang == "en" ? "en-US" : "es-AR"));
}
