namespace VersatileHub.Agent.Profiles;

/// <summary>The agent's tool functions by the names the model sees (the names); a profile enables a subset.</summary>
public static class AgentToolNames
{
    public const string SearchProducts = "search_products";
    public const string SearchByCategory = "search_by_category";
    public const string BrowseCatalog = "browse_catalog";
    public const string OrderStatus = "order_status";
    public const string CheckAvailability = "check_availability";
    public const string BookAppointment = "book_appointment";
    public const string MyAppointments = "my_appointments";
    public const string CancelAppointment = "cancel_appointment";
    public const string CreateTicket = "create_ticket";
    public const string HandoffToHuman = "handoff_to_human";
    public const string KnowledgeSearch = "knowledge_search";
    public const string Remember = "remember";

    public static readonly IReadOnlyList<string> All =
    [
        SearchProducts, SearchByCategory, BrowseCatalog, OrderStatus, CheckAvailability, BookAppointment, MyAppointments,
        CancelAppointment, CreateTicket, HandoffToHuman, KnowledgeSearch, Remember,
    ];

    /// <summary>Tools that change something outside the turn: a turn that called one is never silently remade.</summary>
    public static readonly IReadOnlySet<string> Acting = new HashSet<string>(StringComparer.Ordinal) { BookAppointment, CancelAppointment, CreateTicket, Remember };
}
