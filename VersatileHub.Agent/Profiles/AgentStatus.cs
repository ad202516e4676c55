using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Agent.Data;

namespace VersatileHub.Agent.Profiles;

/// <summary>Whether the tenant's bot answers, and if not, why and how to turn it on (es / en).</summary>
/// <remarks><see cref="Source"/> is <c>tenant</c> (the tenant's own profiles), <c>suite</c> (the deployment's model) or null (off).</remarks>
public sealed record AgentStatusView(bool Enabled, string Reason, string? HowToConfigure, string? Primary, string? Fallback, string? LocalModel, string? Source);

/// <summary>The tenant's profiles as a turn uses them: the primary first, then the fallback.</summary>
public sealed record ProfileChain(AgentProfile Primary, AgentProfile? Fallback)
{
    public IEnumerable<AgentProfile> InOrder()
    {
        yield return Primary;
        if (Fallback is not null)
        {
            yield return Fallback;
        }
    }

    /// <summary>Whether the chain is the deployment's model rather than the tenant's own profiles.</summary>
    public bool FromSuite { get; private init; }

    /// <summary>
    /// The current tenant's chain; without a primary profile of its own, the deployment's model; null when neither
    /// exists: its bot is off.
    /// </summary>
    public static async Task<ProfileChain?> LoadAsync(AgentDbContext db, SuiteModel suite, CancellationToken cancellationToken)
    {
        var profiles = await db.Set<AgentProfile>().AsNoTracking().ToListAsync(cancellationToken);
        return profiles.SingleOrDefault(p => p.Role == ProfileRole.Primary) is { } primary
            ? new ProfileChain(primary, profiles.SingleOrDefault(p => p.Role == ProfileRole.Fallback))
            : suite.Profile is { } deployment ? new ProfileChain(deployment, null) { FromSuite = true } : null;
    }
}

internal static class AgentStatusApi
{
    public static IEndpointRouteBuilder MapAgentStatusApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/agent/status", GetStatus).WithTags("Agent profiles").RequireAuthorization(AgentPolicies.Read);
        return app;
    }

    public static async Task<Ok<AgentStatusView>> GetStatus(AgentDbContext db, SuiteModel suite, LocalModelOffer local, CancellationToken cancellationToken)
    {
        var chain = await ProfileChain.LoadAsync(db, suite, cancellationToken);
        if (chain is null)
        {
            var suggestion = local.Endpoint is { } endpoint
                ? $" Hay un Ollama local en {endpoint}: podés usarlo como endpoint. / A local Ollama answers at {endpoint}: you can use it as the endpoint."
                : "";
            return TypedResults.Ok(new AgentStatusView(
                false,
                "El bot está apagado: no hay un modelo configurado para esta cuenta. / The bot is off: no model is configured for this account.",
                "Creá un perfil con POST /api/agent/profiles {name, endpoint, model, apiKey} (cualquier API compatible con OpenAI: OpenAI, Ollama, vLLM...) y probalo con POST /api/agent/profiles/{id}/test. / "
                + "Create a profile with POST /api/agent/profiles {name, endpoint, model, apiKey} (any OpenAI-compatible API: OpenAI, Ollama, vLLM...) and try it with POST /api/agent/profiles/{id}/test."
                + suggestion,
                null, null, local.Endpoint, null));
        }
        return TypedResults.Ok(new AgentStatusView(
            true,
            chain.FromSuite
                ? $"El bot responde con {chain.Primary.Model}, el modelo de la instalación; un perfil propio lo reemplaza. / The bot answers with {chain.Primary.Model}, the deployment's model; a profile of your own replaces it."
                : $"El bot responde con {chain.Primary.Model}. / The bot answers with {chain.Primary.Model}.",
            null, $"{chain.Primary.Model} @ {chain.Primary.Endpoint}",
            chain.Fallback is { } fallback ? $"{fallback.Model} @ {fallback.Endpoint}" : null, local.Endpoint,
            chain.FromSuite ? "suite" : "tenant"));
    }
}
