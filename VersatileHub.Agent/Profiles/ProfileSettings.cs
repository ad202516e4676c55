namespace VersatileHub.Agent.Profiles;

/// <summary>A profile's settings once checked; built only by <see cref="ProfileInput.Validate"/>.</summary>
public sealed record ProfileSettings(
    ProfileRole Role, string Name, string Endpoint, string Model, double Temperature, int MaxTokens, string Persona,
    string SystemPrompt, string Language, IReadOnlyList<string> EnabledTools, string? BusinessHours, IReadOnlyList<string> HandoffRules);

/// <summary>
/// A profile as the admin API receives it. <see cref="ApiKey"/> is write-only: on an update, leaving it out keeps the
/// stored key and an empty string removes it.
/// </summary>
public sealed record ProfileInput(
    string? Role = null, string? Name = null, string? Endpoint = null, string? Model = null, string? ApiKey = null,
    double? Temperature = null, int? MaxTokens = null, string? Persona = null, string? SystemPrompt = null, string? Language = null,
    IReadOnlyList<string>? EnabledTools = null, string? BusinessHours = null, IReadOnlyList<string>? HandoffRules = null)
{
    public const double DefaultTemperature = 0.3;
    public const int DefaultMaxTokens = 800;

    /// <returns>The settings, or null with <paramref name="errors"/> naming each bad field (es / en).</returns>
    public ProfileSettings? Validate(out Dictionary<string, string[]> errors)
    {
        errors = [];
        var role = Role?.Trim().ToLowerInvariant() switch
        {
            null or "" or "primary" => ProfileRole.Primary,
            "fallback" => ProfileRole.Fallback,
            _ => Fail(errors, "role", "El rol es 'primary' o 'fallback'. / The role is 'primary' or 'fallback'.", ProfileRole.Primary),
        };
        var name = Name?.Trim() ?? "";
        if (name.Length is 0 or > AgentProfile.MaxNameLength)
        {
            Add(errors, "name", $"Poné un nombre de hasta {AgentProfile.MaxNameLength} caracteres. / Give a name of up to {AgentProfile.MaxNameLength} characters.");
        }
        var endpoint = Endpoint?.Trim().TrimEnd('/') ?? "";
        if (endpoint.Length > AgentProfile.MaxEndpointLength
            || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            Add(errors, "endpoint",
                "El endpoint es la URL base de una API compatible con OpenAI, p. ej. https://api.openai.com/v1 o http://localhost:11434/v1. / "
                + "The endpoint is the base URL of an OpenAI-compatible API, e.g. https://api.openai.com/v1 or http://localhost:11434/v1.");
        }
        var model = Model?.Trim() ?? "";
        if (model.Length is 0 or > AgentProfile.MaxModelLength)
        {
            Add(errors, "model", "Decí qué modelo usar, p. ej. gpt-4o-mini o llama3.1. / Say which model to use, e.g. gpt-4o-mini or llama3.1.");
        }
        var temperature = Temperature ?? DefaultTemperature;
        if (double.IsNaN(temperature) || temperature is < 0 or > AgentProfile.MaxTemperature)
        {
            Add(errors, "temperature", "La temperatura va de 0 a 2. / The temperature goes from 0 to 2.");
        }
        var maxTokens = MaxTokens ?? DefaultMaxTokens;
        if (maxTokens is < 1 or > AgentProfile.MaxTokensLimit)
        {
            Add(errors, "maxTokens", $"maxTokens va de 1 a {AgentProfile.MaxTokensLimit}. / maxTokens goes from 1 to {AgentProfile.MaxTokensLimit}.");
        }
        var persona = Persona?.Trim() ?? "";
        if (persona.Length > AgentProfile.MaxPersonaLength)
        {
            Add(errors, "persona", $"La persona tiene hasta {AgentProfile.MaxPersonaLength} caracteres. / The persona has up to {AgentProfile.MaxPersonaLength} characters.");
        }
        var systemPrompt = SystemPrompt?.Trim() ?? "";
        if (systemPrompt.Length > AgentProfile.MaxSystemPromptLength)
        {
            Add(errors, "systemPrompt", $"Las instrucciones tienen hasta {AgentProfile.MaxSystemPromptLength} caracteres. / The system prompt has up to {AgentProfile.MaxSystemPromptLength} characters.");
        }
        var language = Language?.Trim().ToLowerInvariant() ?? "es";
        if (language is not ("es" or "en"))
        {
            Add(errors, "language", "El idioma es 'es' o 'en'. / The language is 'es' or 'en'.");
        }
        var tools = EnabledTools?.Select(t => t?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList() ?? [.. AgentToolNames.All];
        if (tools.FirstOrDefault(t => !AgentToolNames.All.Contains(t, StringComparer.Ordinal)) is { } unknown)
        {
            Add(errors, "enabledTools",
                $"No existe la herramienta '{unknown}'; son: {string.Join(", ", AgentToolNames.All)}. / There is no tool '{unknown}'; they are: {string.Join(", ", AgentToolNames.All)}.");
        }
        var hours = string.IsNullOrWhiteSpace(BusinessHours) ? null : BusinessHours.Trim();
        if (hours is { Length: > AgentProfile.MaxBusinessHoursLength })
        {
            Add(errors, "businessHours", $"El horario tiene hasta {AgentProfile.MaxBusinessHoursLength} caracteres. / The business hours have up to {AgentProfile.MaxBusinessHoursLength} characters.");
        }
        var rules = HandoffRules?.Select(r => r?.Trim() ?? "").Where(r => r.Length > 0).ToList() ?? [];
        if (rules.Count > AgentProfile.MaxHandoffRules || rules.Any(r => r.Length > AgentProfile.MaxHandoffRuleLength))
        {
            Add(errors, "handoffRules",
                $"Hasta {AgentProfile.MaxHandoffRules} reglas de hasta {AgentProfile.MaxHandoffRuleLength} caracteres. / Up to {AgentProfile.MaxHandoffRules} rules of up to {AgentProfile.MaxHandoffRuleLength} characters.");
        }
        if (ApiKey is { Length: > 1_000 })
        {
            Add(errors, "apiKey", "La clave tiene hasta 1000 caracteres. / The key has up to 1000 characters.");
        }
        return errors.Count > 0
            ? null
            : new ProfileSettings(role, name, endpoint, model, temperature, maxTokens, persona, systemPrompt, language, tools, hours, rules);
    }

    private static void Add(Dictionary<string, string[]> errors, string field, string message) => errors[field] = [message];

    private static T Fail<T>(Dictionary<string, string[]> errors, string field, string message, T placeholder)
    {
        Add(errors, field, message);
        return placeholder;
    }
}
