using Microsoft.EntityFrameworkCore;
using Npgsql;
using VersatileHub.Agent.Data;
using VersatileHub.Agent.Models;
using VersatileHub.Agent.Profiles;

namespace VersatileHub.Agent.Console;

/// <summary>What an admin edits of a profile in the console; the rest (role, tools, rules, key) stays as it is.</summary>
internal sealed class ProfileDraft
{
    public required int Id { get; init; }
    public required string Role { get; init; }
    public string Name { get; set; } = "";
    public string Endpoint { get; set; } = "";
    public string Model { get; set; } = "";
    public double Temperature { get; set; }
    public int MaxTokens { get; set; }
    public string Persona { get; set; } = "";
    public string SystemPrompt { get; set; } = "";
    public string Language { get; set; } = "es";

    /// <summary>A new key when typed; left empty, the stored key stays.</summary>
    public string? NewApiKey { get; set; }

    public static ProfileDraft Of(AgentProfile p) => new()
    {
        Id = p.Id, Role = p.Role.ToString().ToLowerInvariant(), Name = p.Name, Endpoint = p.Endpoint, Model = p.Model,
        Temperature = p.Temperature, MaxTokens = p.MaxTokens, Persona = p.Persona, SystemPrompt = p.SystemPrompt, Language = p.Language,
    };
}

/// <summary>A profile as the console's "new profile" form asks for it.</summary>
internal sealed class NewProfile
{
    public string Role { get; set; } = "primary";
    public string Name { get; set; } = "";
    public string Endpoint { get; set; } = "";
    public string Model { get; set; } = "";
    public string? ApiKey { get; set; }
    public string Language { get; set; } = "es";
}

/// <summary>
/// The console's profile editor: the same validation and rules as <c>/api/agent/profiles</c> (<see cref="ProfileInput"/>,
/// <see cref="AgentProfile.Change"/>), and "test model" through <see cref="AgentKernels.TestAsync"/>.
/// </summary>
internal sealed class ProfileEditor(AgentDbContext db, ApiKeyProtector keys, AgentKernels kernels, TimeProvider time)
{
    public async Task<IReadOnlyList<ProfileDraft>> ListAsync(CancellationToken cancellationToken) =>
        (await db.Set<AgentProfile>().AsNoTracking().OrderBy(p => p.Role).ToListAsync(cancellationToken)).Select(ProfileDraft.Of).ToList();

    /// <returns>The errors by field (es / en); empty when the profile was saved.</returns>
    public async Task<IReadOnlyDictionary<string, string[]>> SaveAsync(ProfileDraft draft, CancellationToken cancellationToken)
    {
        var profile = await db.Set<AgentProfile>().SingleOrDefaultAsync(p => p.Id == draft.Id, cancellationToken);
        if (profile is null)
        {
            return new Dictionary<string, string[]> { ["id"] = ["El perfil ya no existe. / The profile no longer exists."] };
        }
        var input = new ProfileInput(draft.Role, draft.Name, draft.Endpoint, draft.Model, null, draft.Temperature, draft.MaxTokens,
            draft.Persona, draft.SystemPrompt, draft.Language, profile.EnabledTools, profile.BusinessHours, profile.HandoffRules);
        if (input.Validate(out var errors) is not { } settings)
        {
            return errors;
        }
        var now = time.GetUtcNow();
        profile.Change(settings, now);
        if (!string.IsNullOrWhiteSpace(draft.NewApiKey))
        {
            profile.ReplaceApiKey(keys.Protect(draft.NewApiKey.Trim()), now);
        }
        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }

    /// <summary>A new profile (the tenant's first turns its bot on); every tool enabled, as the API does by default.</summary>
    /// <returns>The errors by field (es / en); empty when the profile was created.</returns>
    public async Task<IReadOnlyDictionary<string, string[]>> CreateAsync(NewProfile draft, CancellationToken cancellationToken)
    {
        var input = new ProfileInput(draft.Role, draft.Name, draft.Endpoint, draft.Model, null, Language: draft.Language);
        if (input.Validate(out var errors) is not { } settings)
        {
            return errors;
        }
        db.Add(AgentProfile.Create(settings, keys.Protect(draft.ApiKey?.Trim()), time.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            errors["role"] = [$"Ya hay un perfil '{draft.Role}'; cambialo arriba. / There is already a '{draft.Role}' profile; change it above."];
        }
        return errors;
    }

    /// <returns>What the model answered, or null when the tenant has no profile with that id.</returns>
    public async Task<ModelTestView?> TestAsync(int id, CancellationToken cancellationToken) =>
        await db.Set<AgentProfile>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken) is { } profile
            ? await kernels.TestAsync(profile, cancellationToken)
            : null;
}
