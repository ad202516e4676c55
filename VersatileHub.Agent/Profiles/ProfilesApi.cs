using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using VersatileHub.Agent.Data;
using VersatileHub.Agent.Models;

namespace VersatileHub.Agent.Profiles;

public sealed record ProfileView(
    int Id, string Role, string Name, string Endpoint, string Model, bool HasApiKey, double Temperature, int MaxTokens,
    string Persona, string SystemPrompt, string Language, IReadOnlyList<string> EnabledTools, string? BusinessHours,
    IReadOnlyList<string> HandoffRules, DateTimeOffset UpdatedAt)
{
    public static ProfileView Of(AgentProfile p) => new(
        p.Id, p.Role.ToString().ToLowerInvariant(), p.Name, p.Endpoint, p.Model, p.HasApiKey, p.Temperature, p.MaxTokens, p.Persona,
        p.SystemPrompt, p.Language, p.EnabledTools, p.BusinessHours, p.HandoffRules, p.UpdatedAt);
}

/// <summary>The answer of "test model": whether the endpoint answered a tiny prompt, and what it said or why not.</summary>
public sealed record ModelTestView(bool Ok, string Model, string? Answer, string? Error);

/// <summary><c>/api/agent/profiles</c>: a tenant's admins configure the model(s) their agent uses.</summary>
internal static class ProfilesApi
{
    public static IEndpointRouteBuilder MapProfilesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/agent/profiles").WithTags("Agent profiles").RequireAuthorization(AgentPolicies.Administer);
        api.MapGet("/", List);
        api.MapGet("/{id:int}", Get);
        api.MapPost("/", Create);
        api.MapPut("/{id:int}", Update);
        api.MapDelete("/{id:int}", Delete);
        api.MapPost("/{id:int}/test", Test);
        return app;
    }

    public static async Task<Ok<List<ProfileView>>> List(AgentDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.Set<AgentProfile>().AsNoTracking().OrderBy(p => p.Role).ToListAsync(cancellationToken)).Select(ProfileView.Of).ToList());

    public static async Task<Results<Ok<ProfileView>, NotFound>> Get(int id, AgentDbContext db, CancellationToken cancellationToken) =>
        await db.Set<AgentProfile>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken) is { } profile
            ? TypedResults.Ok(ProfileView.Of(profile))
            : TypedResults.NotFound();

    public static async Task<Results<Created<ProfileView>, ValidationProblem, ProblemHttpResult>> Create(
        ProfileInput input, AgentDbContext db, ApiKeyProtector keys, TimeProvider time, CancellationToken cancellationToken)
    {
        if (input.Validate(out var errors) is not { } settings)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var profile = AgentProfile.Create(settings, keys.Protect(input.ApiKey), time.GetUtcNow());
        db.Add(profile);
        if (await SaveAsync(db, settings.Role, cancellationToken) is { } conflict)
        {
            return conflict;
        }
        return TypedResults.Created($"/api/agent/profiles/{profile.Id}", ProfileView.Of(profile));
    }

    public static async Task<Results<Ok<ProfileView>, NotFound, ValidationProblem, ProblemHttpResult>> Update(
        int id, ProfileInput input, AgentDbContext db, ApiKeyProtector keys, TimeProvider time, CancellationToken cancellationToken)
    {
        if (input.Validate(out var errors) is not { } settings)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var profile = await db.Set<AgentProfile>().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (profile is null)
        {
            return TypedResults.NotFound();
        }
        var now = time.GetUtcNow();
        profile.Change(settings, now);
        if (input.ApiKey is not null)
        {
            profile.ReplaceApiKey(keys.Protect(input.ApiKey), now);
        }
        if (await SaveAsync(db, settings.Role, cancellationToken) is { } conflict)
        {
            return conflict;
        }
        return TypedResults.Ok(ProfileView.Of(profile));
    }

    public static async Task<Results<NoContent, NotFound>> Delete(int id, AgentDbContext db, CancellationToken cancellationToken) =>
        await db.Set<AgentProfile>().Where(p => p.Id == id).ExecuteDeleteAsync(cancellationToken) > 0 ? TypedResults.NoContent() : TypedResults.NotFound();

    /// <summary>"Test model": one short prompt through the profile's endpoint, without tools or fallback.</summary>
    public static async Task<Results<Ok<ModelTestView>, NotFound>> Test(
        int id, AgentDbContext db, AgentKernels kernels, CancellationToken cancellationToken)
    {
        var profile = await db.Set<AgentProfile>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        return profile is null ? TypedResults.NotFound() : TypedResults.Ok(await kernels.TestAsync(profile, cancellationToken));
    }

    private static async Task<ProblemHttpResult?> SaveAsync(AgentDbContext db, ProfileRole role, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            var name = role.ToString().ToLowerInvariant();
            return TypedResults.Problem(
                $"Ya hay un perfil '{name}'; cambialo o borralo primero. / There is already a '{name}' profile; change or delete it first.",
                statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["field"] = "role" });
        }
    }
}
