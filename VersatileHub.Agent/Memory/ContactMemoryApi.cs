using Microsoft.AspNetCore.Http.HttpResults;
using VersatileHub.Agent.Apis;

namespace VersatileHub.Agent.Memory;

/// <summary>What the agent remembers about a contact, for Chat's contact panel: members read, admins forget.</summary>
internal static class ContactMemoryApi
{
    public static IEndpointRouteBuilder MapContactMemoryApi(this IEndpointRouteBuilder app)
    {
        var facts = app.MapGroup("/api/agent/contacts/{contactId:int}/facts").RequireAuthorization(AgentPolicies.Read);
        facts.MapGet("/", ListFacts);
        facts.MapDelete("/{factId:long}", ForgetFact).RequireAuthorization(AgentPolicies.Administer);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<ContactFactView>>> ListFacts(int contactId, ContactMemory memory, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<ContactFactView>>((await memory.RecallAsync(contactId, cancellationToken))
            .Select(f => new ContactFactView(f.Id, f.Text, f.ConversationId, f.RememberedAt)).ToList());

    public static async Task<Results<NoContent, NotFound>> ForgetFact(int contactId, long factId, ContactMemory memory, CancellationToken cancellationToken) =>
        await memory.ForgetAsync(contactId, factId, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}

public sealed record ContactFactView(long Id, string Text, int ConversationId, DateTimeOffset RememberedAt);
