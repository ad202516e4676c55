using System.Globalization;
using Microsoft.AspNetCore.Http;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Appointments.Domain;
using VersatileHub.Hub.Identity.Pages;
using VersatileHub.ServiceDefaults.Web;

namespace VersatileHub.Hub.Web;

/// <summary>Every word of the web app, in Spanish and English: one place for the strings.</summary>
internal sealed record WebText
{
    public required string Lang { get; init; }
    public required string OtherLanguage { get; init; }
    public required string OtherLang { get; init; }
    public required string Menu { get; init; }
    public required string Home { get; init; }
    public required string Catalog { get; init; }
    public required string Orders { get; init; }
    public required string Agenda { get; init; }
    public required string Tickets { get; init; }
    public required string Team { get; init; }
    public required string SignOut { get; init; }
    public required string Loading { get; init; }
    public required string NotAllowed { get; init; }
    public required string NotFound { get; init; }
    public required string NoTenant { get; init; }
    public required string Save { get; init; }
    public required string Cancel { get; init; }
    public required string Close { get; init; }
    public required string Edit { get; init; }
    public required string Remove { get; init; }
    public required string Add { get; init; }
    public required string Name { get; init; }
    public required string Role { get; init; }
    public required string Status { get; init; }
    public required string All { get; init; }
    public required string Saved { get; init; }
    public required string YourRole { get; init; }
    public required string SwitchTenant { get; init; }
    public required string Switch { get; init; }
    public required string Shortcuts { get; init; }
    public required string Search { get; init; }
    public required string SearchPlaceholder { get; init; }
    public required string NoResults { get; init; }
    public required string MatchedVariant { get; init; }
    public required string Products { get; init; }
    public required string NewProduct { get; init; }
    public required string EditProduct { get; init; }
    public required string Description { get; init; }
    public required string Price { get; init; }
    public required string Currency { get; init; }
    public required string Category { get; init; }
    public required string NoCategory { get; init; }
    public required string Categories { get; init; }
    public required string NewCategory { get; init; }
    public required string Attributes { get; init; }
    public required string AttributesHelp { get; init; }
    public required string Variants { get; init; }
    public required string Sku { get; init; }
    public required string Stock { get; init; }
    public required string AddVariant { get; init; }
    public required string VariantsAfterSave { get; init; }
    public required string Number { get; init; }
    public required string Customer { get; init; }
    public required string Total { get; init; }
    public required string Subtotal { get; init; }
    public required string Discount { get; init; }
    public required string Shipping { get; init; }
    public required string Created { get; init; }
    public required string Lines { get; init; }
    public required string Quantity { get; init; }
    public required string UnitPrice { get; init; }
    public required string History { get; init; }
    public required string MarkPaid { get; init; }
    public required string Ship { get; init; }
    public required string TrackingCode { get; init; }
    public required string Deliver { get; init; }
    public required string CancelOrder { get; init; }
    public required string Reason { get; init; }
    public required string BackToOrders { get; init; }
    public required string NoOrders { get; init; }
    public required string Day { get; init; }
    public required string Week { get; init; }
    public required string Previous { get; init; }
    public required string Next { get; init; }
    public required string Today { get; init; }
    public required string Date { get; init; }
    public required string Resource { get; init; }
    public required string AnyResource { get; init; }
    public required string Service { get; init; }
    public required string Start { get; init; }
    public required string FreeTimes { get; init; }
    public required string NoFreeTimes { get; init; }
    public required string Book { get; init; }
    public required string Booked { get; init; }
    public required string Reschedule { get; init; }
    public required string CancelAppointment { get; init; }
    public required string NoAppointments { get; init; }
    public required string TimeZone { get; init; }
    public required string Live { get; init; }
    public required string ChooseCustomer { get; init; }
    public required string Priority { get; init; }
    public required string Subject { get; init; }
    public required string NoTickets { get; init; }
    public required string BackToTickets { get; init; }
    public required string MarkReplied { get; init; }
    public required string Resolve { get; init; }
    public required string CloseTicket { get; init; }
    public required string Reopen { get; init; }
    public required string Members { get; init; }
    public required string Email { get; init; }
    public required string Since { get; init; }
    public required string AddMember { get; init; }
    public required string NewUserPassword { get; init; }
    public required string ChangeRole { get; init; }
    public required string AccessTokens { get; init; }
    public required string NewToken { get; init; }
    public required string TokenShownOnce { get; init; }
    public required string Token { get; init; }
    public required string LastUsed { get; init; }
    public required string Revoked { get; init; }
    public required string Revoke { get; init; }
    public required string Never { get; init; }
    public required string Tenants { get; init; }
    public required string NewTenant { get; init; }
    public required string Current { get; init; }
    public required string Connector { get; init; }
    public required string ConnectorSettings { get; init; }
    public required string ConnectorKind { get; init; }
    public required string BaseUrl { get; init; }
    public required string ApiKey { get; init; }
    public required string ApiSecret { get; init; }
    public required string StoreId { get; init; }
    public required string AccessToken { get; init; }
    public required string SecretStored { get; init; }
    public required string SecretStoredHelp { get; init; }
    public required string SecretMissing { get; init; }
    public required string SyncInterval { get; init; }
    public required string TestConnection { get; init; }
    public required string SyncNow { get; init; }
    public required string ConnectionReached { get; init; }
    public required string ConnectionFailed { get; init; }
    public required string SyncDone { get; init; }
    public required string SyncFailed { get; init; }
    public required string LastSync { get; init; }
    public required string LastError { get; init; }
    public required string None { get; init; }
    public required string DocumentType { get; init; }
    public required string CountCreated { get; init; }
    public required string CountUpdated { get; init; }
    public required string CountUnchanged { get; init; }
    public required string CountPushed { get; init; }
    public required string CountKeptLocal { get; init; }
    public required string CountFailed { get; init; }
    public required string AgendaSetup { get; init; }
    public required string Resources { get; init; }
    public required string Kind { get; init; }
    public required string Active { get; init; }
    public required string Yes { get; init; }
    public required string No { get; init; }
    public required string Activate { get; init; }
    public required string Deactivate { get; init; }
    public required string AddResource { get; init; }
    public required string WorkingHours { get; init; }
    public required string WorkingHoursHelp { get; init; }
    public required string Services { get; init; }
    public required string Duration { get; init; }
    public required string Buffer { get; init; }
    public required string SlotInterval { get; init; }
    public required string PerformedBy { get; init; }
    public required string AddService { get; init; }
    public required string ClosedDays { get; init; }
    public required string NoClosedDays { get; init; }
    public required string WholeBusiness { get; init; }
    public required string CloseDay { get; init; }
    public required string Customers { get; init; }
    public required string NewCustomer { get; init; }
    public required string EditCustomer { get; init; }
    public required string CustomerSearchPlaceholder { get; init; }
    public required string Phones { get; init; }
    public required string Emails { get; init; }
    public required string TaxId { get; init; }
    public required string Tags { get; init; }
    public required string Notes { get; init; }
    public required string ListHelp { get; init; }
    public required string NoCustomers { get; init; }
    public required string EditVariant { get; init; }

    public static readonly WebText Spanish = new()
    {
        Lang = "es", OtherLanguage = "English", OtherLang = "en", Menu = "Menú",
        Home = "Inicio", Catalog = "Catálogo", Orders = "Pedidos", Agenda = "Agenda", Tickets = "Tickets", Team = "Equipo",
        SignOut = "Cerrar sesión", Loading = "Cargando…", NotAllowed = "Tu rol no permite hacer esto.",
        NotFound = "No se encontró.", NoTenant = "Tu usuario no pertenece a ningún negocio.",
        Save = "Guardar", Cancel = "Cancelar", Close = "Cerrar", Edit = "Editar", Remove = "Quitar", Add = "Agregar",
        Name = "Nombre", Role = "Rol", Status = "Estado", All = "Todos", Saved = "Guardado.",
        YourRole = "Tu rol", SwitchTenant = "Cambiar de negocio", Switch = "Cambiar", Shortcuts = "Accesos directos",
        Search = "Buscar", SearchPlaceholder = "Ej.: puntas de danza talle 37", NoResults = "Sin resultados.",
        MatchedVariant = "Variante encontrada", Products = "Productos", NewProduct = "Nuevo producto", EditProduct = "Editar producto",
        Description = "Descripción", Price = "Precio", Currency = "Moneda", Category = "Categoría", NoCategory = "Sin categoría",
        Categories = "Categorías", NewCategory = "Nueva categoría", Attributes = "Atributos",
        AttributesHelp = "Uno por línea o separados por «;», como clave=valor (talle=37; color=negro)",
        Variants = "Variantes", Sku = "SKU", Stock = "Stock", AddVariant = "Agregar variante",
        VariantsAfterSave = "Guardá el producto para agregarle variantes.",
        Number = "Número", Customer = "Cliente", Total = "Total", Subtotal = "Subtotal", Discount = "Descuento", Shipping = "Envío",
        Created = "Creado", Lines = "Renglones", Quantity = "Cantidad", UnitPrice = "Precio unitario", History = "Historial",
        MarkPaid = "Marcar pagado", Ship = "Enviar", TrackingCode = "Código de seguimiento", Deliver = "Marcar entregado",
        CancelOrder = "Cancelar pedido", Reason = "Motivo", BackToOrders = "Volver a pedidos", NoOrders = "No hay pedidos.",
        Day = "Día", Week = "Semana", Previous = "Anterior", Next = "Siguiente", Today = "Hoy", Date = "Fecha",
        Resource = "Recurso", AnyResource = "Cualquiera libre", Service = "Servicio", Start = "Inicio",
        FreeTimes = "Horarios libres", NoFreeTimes = "No hay horarios libres ese día.", Book = "Reservar", Booked = "Turno reservado.",
        Reschedule = "Reprogramar", CancelAppointment = "Cancelar turno", NoAppointments = "No hay turnos.",
        TimeZone = "Zona horaria", Live = "En vivo", ChooseCustomer = "Elegí un cliente",
        Priority = "Prioridad", Subject = "Asunto", NoTickets = "No hay tickets.", BackToTickets = "Volver a tickets",
        MarkReplied = "Marcar respondido", Resolve = "Resolver", CloseTicket = "Cerrar ticket", Reopen = "Reabrir",
        Members = "Miembros", Email = "Correo electrónico", Since = "Desde", AddMember = "Agregar miembro",
        NewUserPassword = "Contraseña (solo si el correo es nuevo)", ChangeRole = "Cambiar rol",
        AccessTokens = "Tokens de acceso", NewToken = "Nuevo token",
        TokenShownOnce = "Copiá este token ahora: no se vuelve a mostrar.", Token = "Token", LastUsed = "Último uso",
        Revoked = "Revocado", Revoke = "Revocar", Never = "nunca", Tenants = "Negocios", NewTenant = "Nuevo negocio", Current = "actual",
        Connector = "Conector",
        ConnectorSettings = "Configuración del conector",
        ConnectorKind = "Tipo",
        BaseUrl = "URL base",
        ApiKey = "API key",
        ApiSecret = "API secret",
        StoreId = "ID de la tienda",
        AccessToken = "Token de acceso",
        SecretStored = "guardado",
        SecretStoredHelp = "Hay un secreto guardado; dejalo vacío para conservarlo.",
        SecretMissing = "No hay secreto guardado.",
        SyncInterval = "Sincronizar cada (minutos)",
        TestConnection = "Probar conexión",
        SyncNow = "Sincronizar ahora",
        ConnectionReached = "Conexión exitosa.",
        ConnectionFailed = "No se pudo conectar",
        SyncDone = "Sincronización completa.",
        SyncFailed = "La sincronización falló",
        LastSync = "Última sincronización",
        LastError = "Último error",
        None = "ninguno",
        DocumentType = "Documento",
        CountCreated = "Creados",
        CountUpdated = "Actualizados",
        CountUnchanged = "Sin cambios",
        CountPushed = "Enviados",
        CountKeptLocal = "Conservados locales",
        CountFailed = "Fallidos",
        AgendaSetup = "Configurar agenda",
        Resources = "Recursos",
        Kind = "Tipo",
        Active = "Activo",
        Yes = "sí",
        No = "no",
        Activate = "Activar",
        Deactivate = "Desactivar",
        AddResource = "Agregar recurso",
        WorkingHours = "Horario",
        WorkingHoursHelp = "Períodos del día como 09:00-13:00, 14:00-18:00 (el hueco es un descanso); vacío: no trabaja.",
        Services = "Servicios",
        Duration = "Duración",
        Buffer = "Pausa posterior",
        SlotInterval = "Intervalo entre turnos",
        PerformedBy = "Lo realizan",
        AddService = "Agregar servicio",
        ClosedDays = "Días cerrados",
        NoClosedDays = "No hay días cerrados.",
        WholeBusiness = "Todo el negocio",
        CloseDay = "Cerrar día",
        Customers = "Clientes",
        NewCustomer = "Nuevo cliente",
        EditCustomer = "Editar cliente",
        CustomerSearchPlaceholder = "Nombre, teléfono o correo",
        Phones = "Teléfonos",
        Emails = "Correos electrónicos",
        TaxId = "CUIT / ID fiscal",
        Tags = "Etiquetas",
        Notes = "Notas",
        ListHelp = "Varios separados por comas.",
        NoCustomers = "No hay clientes.",
        EditVariant = "Editar variante",
    };

    public static readonly WebText English = new()
    {
        Lang = "en", OtherLanguage = "Español", OtherLang = "es", Menu = "Menu",
        Home = "Home", Catalog = "Catalog", Orders = "Orders", Agenda = "Agenda", Tickets = "Tickets", Team = "Team",
        SignOut = "Sign out", Loading = "Loading…", NotAllowed = "Your role does not allow this.",
        NotFound = "Not found.", NoTenant = "Your user belongs to no business.",
        Save = "Save", Cancel = "Cancel", Close = "Close", Edit = "Edit", Remove = "Remove", Add = "Add",
        Name = "Name", Role = "Role", Status = "Status", All = "All", Saved = "Saved.",
        YourRole = "Your role", SwitchTenant = "Switch business", Switch = "Switch", Shortcuts = "Shortcuts",
        Search = "Search", SearchPlaceholder = "E.g.: pointe shoes size 37", NoResults = "No results.",
        MatchedVariant = "Matched variant", Products = "Products", NewProduct = "New product", EditProduct = "Edit product",
        Description = "Description", Price = "Price", Currency = "Currency", Category = "Category", NoCategory = "No category",
        Categories = "Categories", NewCategory = "New category", Attributes = "Attributes",
        AttributesHelp = "One per line or separated by ';', as key=value (size=37; colour=black)",
        Variants = "Variants", Sku = "SKU", Stock = "Stock", AddVariant = "Add variant",
        VariantsAfterSave = "Save the product to add variants to it.",
        Number = "Number", Customer = "Customer", Total = "Total", Subtotal = "Subtotal", Discount = "Discount", Shipping = "Shipping",
        Created = "Created", Lines = "Lines", Quantity = "Quantity", UnitPrice = "Unit price", History = "History",
        MarkPaid = "Mark paid", Ship = "Ship", TrackingCode = "Tracking code", Deliver = "Mark delivered",
        CancelOrder = "Cancel order", Reason = "Reason", BackToOrders = "Back to orders", NoOrders = "No orders.",
        Day = "Day", Week = "Week", Previous = "Previous", Next = "Next", Today = "Today", Date = "Date",
        Resource = "Resource", AnyResource = "Any free one", Service = "Service", Start = "Start",
        FreeTimes = "Free times", NoFreeTimes = "No free times that day.", Book = "Book", Booked = "Appointment booked.",
        Reschedule = "Reschedule", CancelAppointment = "Cancel appointment", NoAppointments = "No appointments.",
        TimeZone = "Time zone", Live = "Live", ChooseCustomer = "Choose a customer",
        Priority = "Priority", Subject = "Subject", NoTickets = "No tickets.", BackToTickets = "Back to tickets",
        MarkReplied = "Mark replied", Resolve = "Resolve", CloseTicket = "Close ticket", Reopen = "Reopen",
        Members = "Members", Email = "Email", Since = "Since", AddMember = "Add member",
        NewUserPassword = "Password (only for a new email)", ChangeRole = "Change role",
        AccessTokens = "Access tokens", NewToken = "New token",
        TokenShownOnce = "Copy this token now: it is not shown again.", Token = "Token", LastUsed = "Last used",
        Revoked = "Revoked", Revoke = "Revoke", Never = "never", Tenants = "Businesses", NewTenant = "New business", Current = "current",
        Connector = "Connector",
        ConnectorSettings = "Connector settings",
        ConnectorKind = "Kind",
        BaseUrl = "Base URL",
        ApiKey = "API key",
        ApiSecret = "API secret",
        StoreId = "Store id",
        AccessToken = "Access token",
        SecretStored = "stored",
        SecretStoredHelp = "A secret is stored; leave this empty to keep it.",
        SecretMissing = "No secret is stored.",
        SyncInterval = "Sync every (minutes)",
        TestConnection = "Test connection",
        SyncNow = "Sync now",
        ConnectionReached = "Connection reached.",
        ConnectionFailed = "Could not connect",
        SyncDone = "Sync finished.",
        SyncFailed = "The sync failed",
        LastSync = "Last sync",
        LastError = "Last error",
        None = "none",
        DocumentType = "Document",
        CountCreated = "Created",
        CountUpdated = "Updated",
        CountUnchanged = "Unchanged",
        CountPushed = "Pushed",
        CountKeptLocal = "Kept local",
        CountFailed = "Failed",
        AgendaSetup = "Agenda setup",
        Resources = "Resources",
        Kind = "Kind",
        Active = "Active",
        Yes = "yes",
        No = "no",
        Activate = "Activate",
        Deactivate = "Deactivate",
        AddResource = "Add resource",
        WorkingHours = "Working hours",
        WorkingHoursHelp = "Periods of the day such as 09:00-13:00, 14:00-18:00 (the gap is a break); empty: a day off.",
        Services = "Services",
        Duration = "Duration",
        Buffer = "Buffer after",
        SlotInterval = "Slot interval",
        PerformedBy = "Performed by",
        AddService = "Add service",
        ClosedDays = "Closed days",
        NoClosedDays = "No closed days.",
        WholeBusiness = "The whole business",
        CloseDay = "Close day",
        Customers = "Customers",
        NewCustomer = "New customer",
        EditCustomer = "Edit customer",
        CustomerSearchPlaceholder = "Name, phone or email",
        Phones = "Phones",
        Emails = "Emails",
        TaxId = "Tax id",
        Tags = "Tags",
        Notes = "Notes",
        ListHelp = "Several separated by commas.",
        NoCustomers = "No customers.",
        EditVariant = "Edit variant",
    };

    /// <summary>The language of the request (<see cref="UiLanguage.Of"/>).</summary>
    public static WebText For(HttpRequest request) => ByCode(UiLanguage.Of(request))!;

    public static WebText? ByCode(string? code) => UiLanguage.Parse(code) switch
    {
        UiLanguage.English => English,
        UiLanguage.Spanish => Spanish,
        _ => null,
    };

    /// <summary>How dates and numbers are written in this language.</summary>
    public CultureInfo Culture => CultureInfo.GetCultureInfo(Lang == "en" ? "en-US" : "es-AR");

    /// <summary>A Hub message in this language.</summary>
    public string Of(UserText text) => text.In(Lang);

    /// <summary>A connector kind (<c>native</c>, <c>erpnext</c>, <c>tiendanube</c>) as shown.</summary>
    public string KindName(string kind) => kind switch
    {
        "native" => Lang == "en" ? "Native (the Hub's own tables)" : "Nativo (las tablas del Hub)",
        "erpnext" => "ERPNext",
        "tiendanube" => "Tienda Nube",
        _ => kind,
    };

    public string ResourceKindName(ResourceKind kind) => (kind, Lang) switch
    {
        (ResourceKind.Staff, "en") => "Staff",
        (ResourceKind.Staff, _) => "Personal",
        (ResourceKind.Room, "en") => "Room",
        (ResourceKind.Room, _) => "Sala",
        _ => kind.ToString(),
    };

    /// <summary>The name of an order, ticket or member status or role as shown.</summary>
    public string Term(string value) => Lang == "en" ? value : value switch
    {
        "pending" => "pendiente",
        "paid" => "pagado",
        "shipped" => "enviado",
        "delivered" => "entregado",
        "cancelled" => "cancelado",
        "open" => "abierto",
        "replied" => "respondido",
        "resolved" => "resuelto",
        "closed" => "cerrado",
        "low" => "baja",
        "normal" => "normal",
        "high" => "alta",
        "urgent" => "urgente",
        "owner" => "dueño",
        "admin" => "administrador",
        "agent" => "agente",
        "viewer" => "lector",
        "booked" => "reservado",
        _ => value,
    };
}
