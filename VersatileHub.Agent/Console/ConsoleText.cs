using VersatileHub.ServiceDefaults.Web;

namespace VersatileHub.Agent.Console;

/// <summary>Every word of the operator console, in Spanish and English: one place for the strings.</summary>
internal sealed record ConsoleText
{
    public required string Lang { get; init; }
    public required string Title { get; init; }
    public required string NotAllowed { get; init; }
    public required string Playground { get; init; }
    public required string Profiles { get; init; }
    public required string Knowledge { get; init; }
    public required string Activity { get; init; }
    public required string Profile { get; init; }
    public required string Write { get; init; }
    public required string Send { get; init; }
    public required string You { get; init; }
    public required string Agent { get; init; }
    public required string ToolCall { get; init; }
    public required string ModelFailed { get; init; }
    public required string NoProfiles { get; init; }
    public required string TestModel { get; init; }
    public required string Testing { get; init; }
    public required string ModelAnswered { get; init; }
    public required string ModelDidNotAnswer { get; init; }
    public required string Documents { get; init; }
    public required string NoDocuments { get; init; }
    public required string Upload { get; init; }
    public required string Delete { get; init; }
    public required string Passages { get; init; }
    public required string ToolCalls { get; init; }
    public required string NoToolCalls { get; init; }
    public required string Tool { get; init; }
    public required string Status { get; init; }
    public required string Duration { get; init; }
    public required string Size { get; init; }
    public required string When { get; init; }
    public required string TokenUsage { get; init; }
    public required string NoTokenUsage { get; init; }
    public required string Day { get; init; }
    public required string Model { get; init; }
    public required string InputTokens { get; init; }
    public required string OutputTokens { get; init; }
    public required string Requests { get; init; }
    public required string Name { get; init; }
    public required string KeepKey { get; init; }
    public required string Temperature { get; init; }
    public required string Language { get; init; }
    public required string Persona { get; init; }
    public required string SystemPrompt { get; init; }
    public required string Save { get; init; }
    public required string Saved { get; init; }
    public required string DocumentTitle { get; init; }
    public required string NewProfile { get; init; }
    public required string Role { get; init; }
    public required string Create { get; init; }
    public required string ConfigureHere { get; init; }

    public static readonly ConsoleText Spanish = new()
    {
        Lang = "es", Title = "Consola del agente", NotAllowed = "Solo los dueños y administradores de la cuenta usan la consola.",
        Playground = "Probar el agente", Profiles = "Perfiles", Knowledge = "Conocimiento", Activity = "Actividad",
        Profile = "Perfil", Write = "Escribí como si fueras un cliente", Send = "Enviar", You = "Vos", Agent = "Agente",
        ToolCall = "Herramienta", ModelFailed = "El modelo no respondió", NoProfiles = "No hay perfiles.",
        TestModel = "Probar modelo", Testing = "Probando…", ModelAnswered = "El modelo respondió", ModelDidNotAnswer = "El modelo no respondió",
        Documents = "Documentos", NoDocuments = "Todavía no hay documentos.", Upload = "Subir", Delete = "Borrar", Passages = "pasajes",
        ToolCalls = "Últimas llamadas a herramientas", NoToolCalls = "Todavía no hubo llamadas.", Tool = "Herramienta", Status = "Estado",
        Duration = "Duración", Size = "Tamaño", When = "Cuándo", TokenUsage = "Tokens por día", NoTokenUsage = "Todavía no se usaron tokens.",
        Day = "Día", Model = "Modelo", InputTokens = "Entrada", OutputTokens = "Salida", Requests = "Pedidos",
        Name = "Nombre", KeepKey = "Dejala vacía para conservar la actual", Temperature = "Temperatura", Language = "Idioma",
        Persona = "Persona", SystemPrompt = "Instrucciones", Save = "Guardar", Saved = "Guardado.", DocumentTitle = "Título (opcional)",
        NewProfile = "Nuevo perfil", Role = "Rol", Create = "Crear", ConfigureHere = "O configuralo acá, en Perfiles.",
    };

    public static readonly ConsoleText English = new()
    {
        Lang = "en", Title = "Agent console", NotAllowed = "Only the account's owners and admins use the console.",
        Playground = "Try the agent", Profiles = "Profiles", Knowledge = "Knowledge", Activity = "Activity",
        Profile = "Profile", Write = "Write as a customer would", Send = "Send", You = "You", Agent = "Agent",
        ToolCall = "Tool", ModelFailed = "The model did not answer", NoProfiles = "There are no profiles.",
        TestModel = "Test model", Testing = "Testing…", ModelAnswered = "The model answered", ModelDidNotAnswer = "The model did not answer",
        Documents = "Documents", NoDocuments = "No documents yet.", Upload = "Upload", Delete = "Delete", Passages = "passages",
        ToolCalls = "Latest tool calls", NoToolCalls = "No calls yet.", Tool = "Tool", Status = "Status",
        Duration = "Duration", Size = "Size", When = "When", TokenUsage = "Tokens per day", NoTokenUsage = "No tokens used yet.",
        Day = "Day", Model = "Model", InputTokens = "Input", OutputTokens = "Output", Requests = "Requests",
        Name = "Name", KeepKey = "Leave empty to keep the current one", Temperature = "Temperature", Language = "Language",
        Persona = "Persona", SystemPrompt = "System prompt", Save = "Save", Saved = "Saved.", DocumentTitle = "Title (optional)",
        NewProfile = "New profile", Role = "Role", Create = "Create", ConfigureHere = "Or set it up here, in Profiles.",
    };

    /// <summary>The language of the request (<see cref="UiLanguage.Of"/>).</summary>
    public static ConsoleText For(HttpRequest request) => ByCode(UiLanguage.Of(request))!;

    public static ConsoleText? ByCode(string? code) => UiLanguage.Parse(code) switch
    {
        UiLanguage.English => English,
        UiLanguage.Spanish => Spanish,
        _ => null,
    };

    /// <summary>This language's half of a domain message written "español / English".</summary>
    public string Of(string bilingual) => UiLanguage.Pick(bilingual, Lang);
}
