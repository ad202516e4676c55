using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using VersatileHub.Agent.Models;
using VersatileHub.Agent.Replies;
using VersatileHub.Agent.Tools;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Agent.Apis;

/// <summary>
/// A prompt to answer for a tenant. <see cref="Tenant"/> must be the tenant the call acts for (<c>X-VH-Tenant</c>);
/// <see cref="ConversationId"/>, <see cref="ContactId"/> and <see cref="HubCustomerId"/> scope the tools to one
/// conversation's customer, as in the bot loop; without them, customer tools answer that there is no customer.
/// </summary>
public sealed record AskRequest(int Tenant, string? Prompt, int? ConversationId = null, int? ContactId = null, int? HubCustomerId = null);

public sealed record ToolCallView(string Tool, string Arguments, int ResultSize, long DurationMs, string Status);

public sealed record AskResponse(Reply Reply, IReadOnlyList<ToolCallView> ToolCalls, string? Model);

/// <summary><c>POST /api/agent/ask</c>, for the suite's services (Flow's "ask agent" node): the tenant's profile and tools answer a prompt.</summary>
internal static class AskApi
{
    public const int MaxPromptLength = 8_000;

    public static IEndpointRouteBuilder MapAskApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/agent/ask", Ask).WithTags("Agent").RequireAuthorization(AgentPolicies.Service);
        return app;
    }

    public static async Task<Results<Ok<AskResponse>, ValidationProblem, ProblemHttpResult>> Ask(
        AskRequest request, CurrentTenant tenant, AgentAnswering answering, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Tenant != tenant.Id)
        {
            errors["tenant"] = ["El tenant no es el de la llamada (X-VH-Tenant). / The tenant is not the one the call acts for (X-VH-Tenant)."];
        }
        var prompt = request.Prompt?.Trim() ?? "";
        if (prompt.Length is 0 or > MaxPromptLength)
        {
            errors["prompt"] = [$"Mandá un prompt de hasta {MaxPromptLength} caracteres. / Send a prompt of up to {MaxPromptLength} characters."];
        }
        if (request.ConversationId is not null && request.ContactId is null)
        {
            errors["contactId"] = ["Con una conversación va su contacto. / A conversation goes with its contact."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var scope = request is { ConversationId: { } conversation, ContactId: { } contact }
            ? new ConversationScope(request.Tenant, conversation, contact, request.HubCustomerId)
            : null;
        var answered = await answering.AnswerAsync(scope, [new ChatMessageContent(AuthorRole.User, prompt)], cancellationToken);
        if (answered is null)
        {
            return TypedResults.Problem(
                "El bot está apagado: esta cuenta no tiene un modelo configurado (GET /api/agent/status). / The bot is off: this account has no model configured (GET /api/agent/status).",
                statusCode: StatusCodes.Status409Conflict);
        }
        return TypedResults.Ok(new AskResponse(
            answered.Reply,
            answered.Turn.ToolCalls.Select(c => new ToolCallView(c.Tool, c.Arguments, c.ResultSize, c.DurationMs, c.Status)).ToList(),
            answered.Answer.AnsweredBy?.Model));
    }
}
