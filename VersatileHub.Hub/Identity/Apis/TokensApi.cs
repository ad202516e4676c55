using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Data;
using VersatileHub.Hub.Identity.Authentication;
using VersatileHub.Hub.Identity.Domain;
using VersatileHub.Hub.Tenancy;

namespace Microsoft.AspNetCore.Builder;

/// <param name="Role">At most the caller's own role; the caller's role when omitted.</param>
/// <param name="Bot">A bot's token (owners and admins only) instead of one acting for the caller.</param>
internal sealed record CreateTokenRequest(string? Name, string? Role, bool Bot = false);

/// <summary>A token as listed: never its secret, only the secret's last characters.</summary>
internal sealed record TokenSummary(
    int Id, string Name, int? UserId, string? Bot, string Role, string Hint,
    DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>The token just issued, with its secret: the only time the secret is shown.</summary>
internal sealed record IssuedToken(int Id, string Name, string? Bot, string Role, string Token);

internal static class TokensApi
{
    /// <summary>Access tokens of the current tenant at <c>/api/identity/tokens</c>.</summary>
    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/identity/tokens").RequireAuthorization(HubPolicies.Read);
        api.MapGet("/", ListTokens);
        api.MapPost("/", CreateToken);
        api.MapDelete("/{id:int}", RevokeToken);
        return app;
    }

    /// <summary>Owners and admins see every token of the tenant; other members see their own.</summary>
    public static async Task<Ok<List<TokenSummary>>> ListTokens(ClaimsPrincipal principal, HubDbContext db, CancellationToken cancellationToken)
    {
        var caller = HubCaller.Of(principal);
        var tokens = db.Set<AccessToken>().AsQueryable();
        if (!caller.CanAdminister)
        {
            tokens = tokens.Where(t => t.UserId != null && t.UserId == caller.UserId);
        }
        return TypedResults.Ok(await tokens
            .OrderByDescending(t => t.CreatedAt)
            .Select(t => new TokenSummary(
                t.Id, t.Name, t.UserId, t.BotName, t.Role, AccessToken.SecretPrefix + "…" + t.Hint, t.CreatedAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync(cancellationToken));
    }

    public static async Task<Results<Created<IssuedToken>, ValidationProblem, ForbidHttpResult>> CreateToken(
        CreateTokenRequest request, ClaimsPrincipal principal, HubDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = HubCaller.Of(principal);
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > AccessToken.MaxNameLength)
        {
            return Invalid("name", new UserText($"El nombre es obligatorio, de 1 a {AccessToken.MaxNameLength} caracteres.", $"A name of 1 to {AccessToken.MaxNameLength} characters is required."));
        }
        var callerRole = caller.Role!;
        var role = request.Role ?? (MemberRoles.IsMemberRole(callerRole) ? callerRole : HubRoles.Viewer);
        if (!MemberRoles.IsMemberRole(role))
        {
            return Invalid("role", MemberRoles.OneOf);
        }
        if ((request.Bot ? !caller.CanAdminister : caller.UserId is null) || !MemberRoles.IsAtMost(role, callerRole))
        {
            return TypedResults.Forbid();
        }

        var (token, secret) = request.Bot
            ? AccessToken.IssueForBot(name, role, time.GetUtcNow())
            : AccessToken.IssueForUser(caller.UserId!.Value, name, role, time.GetUtcNow());
        db.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/identity/tokens/{token.Id}", new IssuedToken(token.Id, token.Name, token.BotName, token.Role, secret));
    }

    /// <summary>Owners and admins revoke any token of the tenant; other members their own. Revoking twice is harmless.</summary>
    public static async Task<Results<NoContent, NotFound>> RevokeToken(
        int id, ClaimsPrincipal principal, HubDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = HubCaller.Of(principal);
        var token = await db.Set<AccessToken>().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (token is null || !(caller.CanAdminister || (token.UserId is not null && token.UserId == caller.UserId)))
        {
            return TypedResults.NotFound();
        }
        token.Revoke(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static ValidationProblem Invalid(string field, UserText text) => Problems.Invalid(field, text);
}
