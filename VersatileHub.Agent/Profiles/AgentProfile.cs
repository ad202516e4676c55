using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Agent.Profiles;

/// <summary>Which model a tenant's agent tries first, and which one it falls back to when the first fails.</summary>
public enum ProfileRole
{
    Primary,
    Fallback,
}

/// <summary>
/// How one tenant's agent talks: the OpenAI-compatible endpoint and model it calls, the API key (kept encrypted), the
/// sampling settings, the persona and instructions, the language, the tools it may use, the business hours and when it
/// must hand the conversation to a human. A tenant has at most one profile of each <see cref="ProfileRole"/>.
/// </summary>
public sealed class AgentProfile : ITenantOwned
{
    public const int MaxNameLength = 100;
    public const int MaxModelLength = 200;
    public const int MaxEndpointLength = 500;
    public const int MaxPersonaLength = 2_000;
    public const int MaxSystemPromptLength = 8_000;
    public const int MaxBusinessHoursLength = 500;
    public const int MaxHandoffRules = 20;
    public const int MaxHandoffRuleLength = 300;
    public const int MaxTokensLimit = 32_768;
    public const double MaxTemperature = 2;

    private AgentProfile()
    {
    }

    public int Id { get; private set; }

    public int TenantId { get; private set; }

    public ProfileRole Role { get; private set; }

    public string Name { get; private set; } = "";

    public string Endpoint { get; private set; } = "";

    public string Model { get; private set; } = "";

    /// <summary>The API key encrypted with Data Protection (see <see cref="ApiKeyProtector"/>); never returned by the API.</summary>
    public string? ProtectedApiKey { get; private set; }

    public double Temperature { get; private set; }

    public int MaxTokens { get; private set; }

    public string Persona { get; private set; } = "";

    public string SystemPrompt { get; private set; } = "";

    /// <summary><c>es</c> or <c>en</c>: the language the agent answers in unless the customer writes in the other.</summary>
    public string Language { get; private set; } = "es";

    /// <summary>Tool function names the agent may call (<see cref="AgentToolNames.All"/>).</summary>
    public List<string> EnabledTools { get; private set; } = [];

    public string? BusinessHours { get; private set; }

    /// <summary>Situations in which the agent must hand the conversation to a human, in the business's words.</summary>
    public List<string> HandoffRules { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public bool HasApiKey => ProtectedApiKey is not null;

    /// <summary>A new profile from valid <paramref name="settings"/> (see <see cref="ProfileSettings.Validate"/>).</summary>
    public static AgentProfile Create(ProfileSettings settings, string? protectedApiKey, DateTimeOffset now)
    {
        var profile = new AgentProfile { CreatedAt = now, ProtectedApiKey = protectedApiKey };
        profile.Change(settings, now);
        return profile;
    }

    public void Change(ProfileSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Role = settings.Role;
        Name = settings.Name;
        Endpoint = settings.Endpoint;
        Model = settings.Model;
        Temperature = settings.Temperature;
        MaxTokens = settings.MaxTokens;
        Persona = settings.Persona;
        SystemPrompt = settings.SystemPrompt;
        Language = settings.Language;
        EnabledTools = [.. settings.EnabledTools];
        BusinessHours = settings.BusinessHours;
        HandoffRules = [.. settings.HandoffRules];
        UpdatedAt = now;
    }

    /// <summary>A new key replaces the old one; an empty key removes it (endpoints such as a local Ollama need none).</summary>
    public void ReplaceApiKey(string? protectedApiKey, DateTimeOffset now)
    {
        ProtectedApiKey = protectedApiKey;
        UpdatedAt = now;
    }

    public bool MayUse(string tool) => EnabledTools.Contains(tool, StringComparer.Ordinal);

    /// <summary>The system message of every turn: persona, instructions, language, business hours and handoff rules.</summary>
    public string Instructions(DateTimeOffset now)
    {
        var parts = new List<string>();
        if (Persona.Length > 0)
        {
            parts.Add(Persona);
        }
        if (SystemPrompt.Length > 0)
        {
            parts.Add(SystemPrompt);
        }
        parts.Add(Language == "en"
            ? "Answer in English unless the customer writes in another language."
            : "Respondé en español salvo que el cliente escriba en otro idioma.");
        parts.Add($"Now (UTC): {now:yyyy-MM-dd HH:mm} ({now.DayOfWeek}).");
        if (BusinessHours is { Length: > 0 } hours)
        {
            parts.Add($"Business hours: {hours}");
        }
        if (HandoffRules.Count > 0)
        {
            parts.Add("Call handoff_to_human when: " + string.Join("; ", HandoffRules) + ".");
        }
        parts.Add("Use only the tools to learn about products, orders and appointments; never invent them. "
            + "To show a product picture write ![caption](image url) on its own line.");
        return string.Join("\n\n", parts);
    }
}
